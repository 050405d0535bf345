"""The site, engine-neutral: a catalogue becomes pages, data files and a search index."""
