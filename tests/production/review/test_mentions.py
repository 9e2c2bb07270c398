from types import SimpleNamespace

from production.review.mentions import mentioned


def person(pk, first, last, email):
    return SimpleNamespace(pk=pk, email=email, get_full_name=lambda: f"{first} {last}".strip())


ANN = person(1, "Ann", "Client", "ann@acme.test")
ANNA = person(2, "Ann", "Clientson", "anna.c@acme.test")
CINDY = person(3, "Cindy", "Martinez", "cindy@northlight.test")


def test_full_names_and_email_names_in_any_case_in_order_of_appearance():
    text = "@cindy can you check? cc @ANN CLIENT"
    assert mentioned(text, [ANN, ANNA, CINDY]) == [CINDY, ANN]


def test_a_longer_name_is_not_also_a_shorter_one():
    assert mentioned("@Ann Clientson please", [ANN, ANNA]) == [ANNA]


def test_a_name_must_end_at_a_words_end_and_an_email_is_not_a_mention():
    assert mentioned("@cindyx and write to cindy@northlight.test", [CINDY]) == []
    assert mentioned("thanks @cindy.", [CINDY]) == [CINDY]


def test_each_person_once():
    assert mentioned("@cindy @Cindy Martinez @cindy", [CINDY]) == [CINDY]
