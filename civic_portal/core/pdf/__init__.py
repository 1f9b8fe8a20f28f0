"""PDF documents the worker writes (booklets, annual reports): reportlab, A4, Japanese text.

`fonts.japanese_font()` picks the face; `book.Book` lays a document out in one pass with a cover, a table of
contents whose page numbers are filled in at the end, numbered headings and page numbers.
"""
