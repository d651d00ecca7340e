"""Issue 14: N101 suggestions are English, in the target's style, or none."""

import pytest

from mtqa import Segment, check


@pytest.mark.parametrize("source,target,span,suggestion", [
    ("Le ministre a présenté son budget jeudi.", "The minister presented his budget on Friday.", "Friday", "Thursday"),
    ("Le projet coûtera 3,5 milliards de dollars.", "The project will cost $3.5 million.", "3.5 million", "3.5 billion"),
    ("La réunion commence à 19 h 30.", "The meeting starts at 7:50 p.m.", "7:50 p.m.", "7:30 p.m."),
    ("La réunion commence à 19 h 30.", "The meeting starts at 18:30.", "18:30", "19:30"),
    ("La réunion commence à 19 h 30.", "The meeting starts at 6:30 PM.", "6:30 PM.", "7:30 PM."),
    ("Il y avait 1 500 personnes.", "There were 1,600 people.", "1,600", "1,500"),
    ("Le nouveau stade compte 65 000 places.", "The new stadium has 56,000 seats.", "56,000", "65,000"),
    ("Le taux est passé à 5,4 %.", "The rate rose to 4.5%.", "4.5", "5.4"),
    ("Huit pays ont signé l'accord.", "Seven countries signed the agreement.", "Seven", "Eight"),
    ("Le château date du XVIe siècle.", "The castle dates from the 15th century.", "15th", "16th"),
    ("Le référendum aura lieu le 1er juillet.", "The referendum will be held on June 1.", "June", "July"),
])
def test_n101_suggestion_is_english(source, target, span, suggestion):
    found = [f for f in check([Segment("1", source, target)])[0].findings if f.code == "N101"]
    assert [(target[f.start:f.end], f.suggestion) for f in found] == [(span, suggestion)]


def test_n101_suggestion_is_never_the_french_form():
    cases = [("Il viendra jeudi.", "He will come on Friday."),
             ("Il y avait 1 500 personnes.", "There were 1,600 people."),
             ("Le départ est à 19 h 30.", "Departure is at 7:50 p.m."),
             ("Le budget est de 3,5 milliards.", "The budget is 3.5 million.")]
    for source, target in cases:
        for f in check([Segment("1", source, target)])[0].findings:
            if f.code == "N101":
                assert f.suggestion is None or f.suggestion not in source
