// The template's `newsflow_english` analyzer rebuilt from Lucene's own classes, the ones the full
// distribution's analysis-common module wraps: standard tokenizer, possessive_english, the short
// (case-sensitive) synonym rules, lowercase, asciifolding, the long synonym rules, porter2.
// Synonym rules are parsed with the filters before them, as Elasticsearch parses them.
// Usage: java LuceneChain short-rules.txt long-rules.txt < lines; prints each line's tokens.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.tartarus.snowball.ext.EnglishStemmer;

public class LuceneChain {
  static Analyzer analyzer(Function<TokenStream, TokenStream> filters) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        Tokenizer tokenizer = new StandardTokenizer();
        return new TokenStreamComponents(tokenizer, filters.apply(tokenizer));
      }
    };
  }

  static SynonymMap rules(String file, Analyzer parsing) throws Exception {
    SolrSynonymParser parser = new SolrSynonymParser(true, true, parsing);
    parser.parse(new StringReader(Files.readString(Path.of(file))));
    return parser.build();
  }

  public static void main(String[] args) throws Exception {
    SynonymMap shortRules = rules(args[0], analyzer(s -> new EnglishPossessiveFilter(s)));
    SynonymMap longRules =
        rules(args[1], analyzer(s -> new ASCIIFoldingFilter(new LowerCaseFilter(new EnglishPossessiveFilter(s)))));
    Analyzer chain = analyzer(s -> {
      TokenStream t = new SynonymGraphFilter(new EnglishPossessiveFilter(s), shortRules, false);
      t = new SynonymGraphFilter(new ASCIIFoldingFilter(new LowerCaseFilter(t)), longRules, false);
      return new SnowballFilter(t, new EnglishStemmer());
    });
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (String line; (line = in.readLine()) != null; ) {
      List<String> tokens = new ArrayList<>();
      try (TokenStream stream = chain.tokenStream("text", line)) {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        stream.reset();
        while (stream.incrementToken()) {
          tokens.add(term.toString());
        }
        stream.end();
      }
      out.println(String.join(" ", tokens));
    }
  }
}
