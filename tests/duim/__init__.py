"""``duim``: a thumb up or down. An exercise type that exists only in the tests, to prove a
new type is one folder: nothing outside this folder names it."""
