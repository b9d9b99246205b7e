"""Reads of awards and festivals, with what each endpoint shows already joined or prefetched."""
