"""Writers: the consolidated figures out to JSON, XLSX, HTML and PDF."""
