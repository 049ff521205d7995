"""The inbox: which files count (`files`), watching the folder (`watching`), sending a file once
(`sender`, shared by the watcher and `newsflow ingest`), and following a backfill (`backfill`)."""
