"""`python -m services.explorer`: serve the explorer."""

from services.explorer import main

if __name__ == "__main__":
    main()
