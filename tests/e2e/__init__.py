"""End-to-end tests: real servers, a real browser."""
