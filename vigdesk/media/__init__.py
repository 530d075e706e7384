"""PyAV probe, frame-exact trimming, stills and thumbnails; works on any seekable file object."""
