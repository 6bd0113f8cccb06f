"""SongMay's provincial server: FastAPI over SQLAlchemy Core (SQLite or PostgreSQL)."""
