from __future__ import annotations

from lofte.text import Engine, Model, discover_topics, load_taxonomy, representative_quotes, topic_to_theme


def test_training_on_corrections_changes_a_prediction_and_survives_save_and_load(tmp_path) -> None:
    taxonomy = load_taxonomy()
    text = "vildsvinen bökar upp gräsmattan vid skolan"
    before = Engine(taxonomy).code("vildsvinen förstör allt")
    assert "nedskrapning" not in before.themes
    examples = [(f"vildsvinen {w}", ["nedskrapning"]) for w in ("bökar", "är överallt", "förstör gräset", "igen")] * 3
    examples += [("knark i parken", ["narkotika", "offentliga_platser"]), ("mörkt", ["belysning"])] * 3
    model = Model.train(examples, taxonomy)
    path = tmp_path / "model.json"
    model.save(path)
    loaded = Model.load(path)
    assert loaded.to_json() == model.to_json()
    after = Engine(taxonomy, model=loaded).code("vildsvinen förstör allt")
    assert "nedskrapning" in after.themes
    assert Engine(taxonomy, model=loaded).code(text).themes  # still codes


def test_topics_form_from_uncoded_answers(engine: Engine) -> None:
    texts = [
        "kameror borde sättas upp vid entrén",
        "fler kameror behövs",
        "övervakningskameror i trapphuset",
        "kameror skulle kännas tryggt",
        "sätt upp kameror",
        "tiggare utanför affären",
        "tiggare vid ingången varje dag",
        "tiggarna sitter överallt",
        "tiggare",
        "Gatubelysningen är trasig",
    ]
    codings = engine.code_many(texts)
    topics = discover_topics(texts, k=2, codings=codings)
    labels = " ".join(t.label for t in topics)
    assert "kamera" in labels and "tiggare" in labels
    assert all(t.size >= 2 and t.examples for t in topics)
    assert not any("Gatubelysningen" in e for t in topics for e in t.examples)
    theme = topic_to_theme(next(t for t in topics if "kamera" in t.label), "kameror", "Kameraövervakning")
    custom = Engine(load_taxonomy().with_theme(theme))
    assert "kameror" in custom.code("Vi vill ha kameror på torget").themes


def test_representative_quotes_are_short_redacted_and_of_the_theme(engine: Engine) -> None:
    texts = [
        "Gatubelysningen är trasig på Storgatan 12, ring Anna på 070-123 45 67",
        "Mörkt i parken, ingen belysning",
        "Dålig belysning vid skolan",
        "Knark överallt",
        "Belysningen " + "är verkligen mycket dålig och " * 20 + "ingen gör något.",
    ]
    codings = engine.code_many(texts)
    quotes = representative_quotes(texts, codings, "belysning", n=3)
    assert len(quotes) == 3
    assert not any("Knark" in q for q in quotes)
    assert not any("070" in q or "Anna" in q for q in quotes)
    assert all(len(q) <= 200 for q in quotes)
