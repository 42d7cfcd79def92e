"""The page's parts: rendering of answers and sources, the languages' texts, and the tabs.

`app.py` assembles them into one `gr.Blocks`; these modules talk to the wiring point
(`assistant`) and the leaves (`core`), never the reverse.
"""
