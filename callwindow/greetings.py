"""Greeting by local custom (S16): a greeting for the contact's local time of day,
in the main language of their country when it is one of a small table. (The
contact's upcoming public holidays, to send greetings before festivals: `can-i-call
holidays`, callwindow.cli.holidays.)

The language table is deliberately small and conservative: a country is listed
only when one language is clearly the one to greet in; elsewhere (India,
Belgium, most multilingual countries) the greeting is in English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# language -> (name, morning, afternoon, evening, morning ends at, afternoon ends at)
_PHRASES: dict[str, tuple[str, str, str, str, int, int]] = {
    "en": ("English", "Good morning", "Good afternoon", "Good evening", 12, 18),
    "es": ("Spanish", "Buenos días", "Buenas tardes", "Buenas noches", 12, 20),
    "fr": ("French", "Bonjour", "Bonjour", "Bonsoir", 12, 18),
    "de": ("German", "Guten Morgen", "Guten Tag", "Guten Abend", 11, 18),
    "it": ("Italian", "Buongiorno", "Buon pomeriggio", "Buonasera", 12, 18),
    "pt": ("Portuguese", "Bom dia", "Boa tarde", "Boa noite", 12, 19),
    "nl": ("Dutch", "Goedemorgen", "Goedemiddag", "Goedenavond", 12, 18),
    "sv": ("Swedish", "God morgon", "God eftermiddag", "God kväll", 12, 18),  # God förmiddag (10-12) is formal
    "pl": ("Polish", "Dzień dobry", "Dzień dobry", "Dobry wieczór", 12, 18),
    "ru": ("Russian", "Доброе утро", "Добрый день", "Добрый вечер", 12, 18),
    "tr": ("Turkish", "Günaydın", "İyi günler", "İyi akşamlar", 11, 18),
    "ar": ("Arabic", "صباح الخير", "مساء الخير", "مساء الخير", 12, 18),
    "ja": ("Japanese", "おはようございます", "こんにちは", "こんばんは", 10, 18),
    "zh": ("Chinese", "早上好", "下午好", "晚上好", 12, 18),
    "ko": ("Korean", "안녕하세요", "안녕하세요", "안녕하세요", 12, 18),
}
# What a phrase says in English when that is not the name of its slot: "Guten Tag" is said
# from 11:00 and means "good day", never "good morning" (that is "Guten Morgen"). A phrase not
# listed is glossed by its slot (morning, afternoon, evening); a phrase said all day (Bonjour)
# by the hour: good morning before noon, good afternoon after.
_GLOSSES: dict[str, str] = {
    "Guten Tag": "good day",
    "İyi günler": "good day",
    "Добрый день": "good afternoon",  # "good day", said from noon
    "こんにちは": "hello",
    "안녕하세요": "hello",
    "Dzień dobry": "good day",
}

# region (ISO 3166-1) -> the language to greet in; subdivisions override.
_LANGUAGES: dict[str, str] = {
    **dict.fromkeys("ES MX AR CO CL PE VE EC GT CU BO DO HN PY SV NI CR PA UY".split(), "es"),
    **dict.fromkeys("FR MC SN CI ML BF NE BJ TG GN GA CG CD".split(), "fr"),
    **dict.fromkeys("DE AT LI".split(), "de"),
    **dict.fromkeys("IT SM VA".split(), "it"),
    **dict.fromkeys("PT BR AO MZ CV".split(), "pt"),
    **dict.fromkeys("NL SR".split(), "nl"),
    "SE": "sv",
    "PL": "pl",
    **dict.fromkeys("RU BY".split(), "ru"),
    "TR": "tr",
    **dict.fromkeys("SA AE EG QA KW BH OM JO IQ SY LB YE LY DZ MA TN SD PS".split(), "ar"),
    "JP": "ja",
    **dict.fromkeys("CN TW HK MO".split(), "zh"),
    "KR": "ko",
}
_SUBDIVISION_LANGUAGES = {"CA-QC": "fr", "US-PR": "es"}


@dataclass(frozen=True)
class Greeting:
    text: str  # in the contact's language
    language: str  # English name of the language
    english: str  # the English greeting of the same hour
    gloss: str = ""  # what `text` says in English (lower case); "" for an English greeting

    def describe(self) -> str:
        if self.language == "English":
            return self.text
        return f"{self.text} ({self.language}; {self.gloss or self.english.lower()})"


def language_for(region: str | None, subdivision: str | None = None) -> str:
    """The language code to greet a contact in ("en" when not in the table)."""
    if subdivision and subdivision in _SUBDIVISION_LANGUAGES:
        return _SUBDIVISION_LANGUAGES[subdivision]
    return _LANGUAGES.get(region or "", "en")


def greeting(local: datetime, region: str | None, subdivision: str | None = None) -> Greeting:
    """Good morning (05:00 to late morning), afternoon, evening (until 05:00)."""
    name, morning, afternoon, evening, morning_end, afternoon_end = _PHRASES[language_for(region, subdivision)]
    english = _PHRASES["en"]
    hour = local.hour
    if 5 <= hour < morning_end:
        return Greeting(morning, name, english[1], _GLOSSES.get(morning, "good morning"))
    if 5 <= hour < afternoon_end:
        # The daytime phrase: glossed as what it says, not as the hour's English greeting
        # ("God eftermiddag" at 10:30 still says good afternoon); a phrase said all day
        # (Bonjour) is glossed by the hour.
        by_hour = "good morning" if afternoon == morning and hour < 12 else "good afternoon"
        return Greeting(afternoon, name, english[2] if hour >= 12 else english[1], _GLOSSES.get(afternoon, by_hour))
    return Greeting(evening, name, english[3], _GLOSSES.get(evening, "good evening"))
