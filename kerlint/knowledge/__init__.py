"""Data kerlint knows about Keras: generated API listings and hand-kept tables of meaning."""
