"""callwindow's HTTP service for CRM plugins (extra: `pip install callwindow[http]`).

    callwindow-serve --host 127.0.0.1 --port 8080 --keys-file keys.txt --db history.sqlite3

FastAPI and uvicorn are imported only by this package: the library stays light.
See docs/http.md; the app factory is callwindow.http.app.create_app.
"""
