"""The dashboard: pages generated from the records and the metrics, built by MkDocs.

Record text is untrusted. Every string that reaches a page passes through
`html.esc` (or an attribute of `html.h`), and every link and image is built
by `links`, so the generated Markdown files contain only raw HTML blocks that
Markdown never parses.
"""
