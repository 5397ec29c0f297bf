"""The one catalogue of Dutch text that participants and trainers read (B1 level).

Code refers to messages by key, so wording can change here without touching logic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

NL: Final[dict[str, str]] = {
    # joining
    "join.title": "Doe mee met de groep",
    "join.explain": (
        "Vul de code in die de trainer laat zien. Je naam vragen we niet: "
        "je antwoorden zijn anoniem."
    ),
    "join.code": "Code",
    "join.code_placeholder": "bijvoorbeeld K7Q4P",
    "join.role": "Ik doe mee als",
    "join.button": "Meedoen",
    "join.joined": "Je doet mee met de groep ({code}). Beantwoord de vragen hieronder.",
    "join.personal_code": (
        "Je eigen code is {personal}. Op dit apparaat ga je vanzelf verder als je de pagina "
        "opnieuw opent. Wil je verder op een ander apparaat? Vul daar deze code in."
    ),
    "join.welcome_back": "Welkom terug in de groep ({code}). Je antwoorden staan er nog.",
    "join.personal": "Eigen code",
    "join.personal_explain": (
        "Deed je al mee en open je de pagina opnieuw? Vul dan ook je eigen code in. "
        "Een rol kiezen hoeft dan niet."
    ),
    "join.personal_placeholder": "bijvoorbeeld 1A2B3C4D",
    "join.self_study": (
        "Je werkt nu alleen. Je antwoorden worden niet opgeslagen en niet gedeeld."
    ),
    "room.full_title": "Even geduld: het is druk",
    "room.full": (
        "Er doen nu zoveel mensen mee dat de computer van de trainer vol is. Deze pagina "
        "probeert het over een paar seconden vanzelf opnieuw. Je hoeft niets te doen."
    ),
    "room.address_title": "Te veel pagina's open",
    "room.address": (
        "Vanaf dit apparaat of netwerk zijn al veel pagina's van deze workshop open. Sluit "
        "tabbladen die je niet meer gebruikt. Deze pagina probeert het daarna vanzelf opnieuw."
    ),
    "join.first": "Doe eerst mee met de groep. Vul bovenaan de code in.",
    "error.code_empty": "Vul de code in die de trainer laat zien.",
    "error.code_unknown": (
        "De code {code} werkt niet. Kijk goed naar de code op het scherm van de trainer en "
        "probeer het opnieuw. Is de sessie al afgelopen? Vraag de trainer dan om een nieuwe code."
    ),
    "error.join_wait": (
        "Je hebt vaak een verkeerde code ingevuld. Wacht {seconds} seconden en probeer het "
        "dan opnieuw."
    ),
    "error.code_closed": "De sessie met code {code} is al afgesloten. Vraag de trainer om een nieuwe code.",
    "error.code_other_workshop": (
        "De code {code} hoort bij een andere workshop: {title}. Open de link van de trainer."
    ),
    "error.role_missing": "Kies eerst hoe je meedoet.",
    "error.code_personal_unknown": (
        "De eigen code {code} kennen we niet in deze sessie. Kijk de code na, of maak het veld "
        "leeg om als nieuwe deelnemer mee te doen."
    ),
    "error.unexpected": (
        "Er ging iets mis op deze pagina. Je opgeslagen antwoorden zijn veilig. Laad de pagina "
        "opnieuw; lukt het dan nog niet, zeg het tegen de trainer."
    ),
    "error.store": (
        "Opslaan lukt nu even niet. Je antwoord staat er nog. Probeer het over een paar "
        "seconden opnieuw."
    ),
    # roles
    "role.professional": "Professional",
    "role.ouder": "Ouder of verzorger",
    "role.jongere": "Jongere",
    "role.anders": "Anders",
    # answering
    "answer.save": "Opslaan",
    "answer.change": "Antwoord wijzigen",
    "answer.saved": "Opgeslagen. Je kunt je antwoord nog wijzigen.",
    "answer.updated": "Je nieuwe antwoord is opgeslagen.",
    "answer.restored": "Dit is je eerdere antwoord. Je kunt het nog wijzigen.",
    "answer.unsaved": "Je hebt je antwoord veranderd. Klik op Opslaan om het te bewaren.",
    "answer.session_closed": "Deze sessie is afgesloten. Je kunt niets meer opslaan.",
    "answer.incomplete": "Geef bij elke uitspraak een antwoord. Nog open: {missing}.",
    "answer.empty": "Je hebt nog niets geschreven.",
    "answer.too_long": "Je antwoord is te lang: {length} tekens. Het mag er {limit} zijn.",
    "answer.choose": "Kies eerst een antwoord.",
    # schaal
    "schaal.statement": "Uitspraak {n}",
    # stelling
    "stelling.eens": "Eens",
    "stelling.oneens": "Oneens",
    "stelling.weet_niet": "Weet ik niet",
    "stelling.reason": "Waarom? (mag je leeg laten)",
    "stelling.reason_placeholder": "Ik denk dit omdat ...",
    # open
    "open.warning": (
        "Schrijf geen namen, BSN, adressen, scholen, precieze datums of leeftijden. "
        "Zo blijft het gezin onherkenbaar."
    ),
    "open.found": "Dit lijkt op gegevens die iemand herkenbaar maken: {found}. Pas je tekst aan en sla dan opnieuw op.",
    "open.chars_left": "Nog {left} tekens",
    "open.chars_over": "{over} tekens te veel. Maak je antwoord korter.",
    # identifier kinds, used in open.found
    "identifier.bsn": "een BSN",
    "identifier.email": "een e-mailadres",
    "identifier.phone": "een telefoonnummer",
    "identifier.postcode": "een postcode",
    "identifier.date": "een datum",
    "identifier.iban": "een bankrekeningnummer",
    # dashboard
    "session.new_round": "Ronde {round}: de trainer stelt deze vraag opnieuw. Vul hem opnieuw in.",
    "session.locked": "De trainer heeft deze vraag gesloten. Je kunt niet meer antwoorden.",
    "session.group_results": "Resultaat van de groep",
    "session.led_wait": "Wacht even. De trainer opent zo de volgende oefening.",
    "session.led_now": "De trainer heeft deze oefening voor iedereen geopend.",
    "answer.locked": "De trainer heeft deze vraag net gesloten. Dit antwoord is niet bewaard.",
    "dash.title": "Trainersdashboard",
    "dash.past": "Eerdere sessies",
    "dash.no_past": "Er zijn nog geen sessies.",
    "dash.reuse_button": "Nieuwe sessie met deze instellingen",
    "dash.reuse_option": "{code} – {title} ({date}, minimaal {minimum})",
    "dash.state_open": "open",
    "dash.state_closed": "gesloten",
    "dash.col_code": "Code",
    "dash.col_workshop": "Workshop",
    "dash.col_date": "Datum",
    "dash.col_state": "Status",
    "dash.col_participants": "Deelnemers",
    "dash.col_answers": "Antwoorden",
    "dash.exports": "Exports en verslag",
    "dash.exports_explain": (
        "Alle antwoorden met alleen een schuilnaam (p-…), nooit namen. Het verslag toont alleen "
        "groepsresultaten, met dezelfde minimale groepsgrootte."
    ),
    "dash.make_exports": "Maak de bestanden van nu",
    "dash.exports_busy": "Even geduld, de bestanden worden gemaakt…",
    "dash.exports_made": "Gemaakt om {time}. Klik om op te slaan:",
    "dash.export_xlsx": "Antwoorden (Excel)",
    "dash.export_csv": "Antwoorden (CSV)",
    "dash.export_json": "Antwoorden (JSON)",
    "dash.report_html": "Verslag (HTML)",
    "dash.report_pdf": "Verslag (PDF)",
    "dash.report_pdf_busy": "Het verslag als PDF wordt nog gemaakt (dat kan even duren)…",
    "dash.pacing": "Tempo",
    "dash.pacing_self": "Iedereen in eigen tempo",
    "dash.pacing_led": "Ik leid: iedereen ziet de oefening die ik open",
    "dash.previous": "Vorige oefening",
    "dash.next": "Volgende oefening",
    "dash.now_open": "Nu open bij iedereen: {title}",
    "dash.none_open": "Er is nog geen oefening open.",
    "dash.choose_workshop": "Workshop",
    "dash.min_group": "Minimaal aantal antwoorden voor je resultaten laat zien",
    "dash.start": "Start een nieuwe sessie",
    "dash.resume": "Ga verder met een open sessie",
    "dash.resume_button": "Openen",
    "dash.no_open_sessions": "Er zijn geen open sessies.",
    "dash.code": "Code om mee te doen",
    "dash.join_url": "Of open deze link",
    "dash.participants": "Deelnemers: {count}",
    "dash.by_role": "{label}: {count}",
    "dash.answers": "{count} antwoorden",
    "dash.waiting": (
        "{count} van minimaal {minimum} antwoorden binnen. De resultaten verschijnen "
        "zodra genoeg mensen hebben geantwoord."
    ),
    "dash.texts_waiting": "De teksten komen hier zodra er minstens {minimum} antwoorden zijn.",
    "dash.close": "Sluit de sessie",
    "dash.close_confirm": "Zeker weten? Klik nog een keer om te sluiten",
    "dash.closed": "De sessie is afgesloten. Er kan niemand meer meedoen of antwoorden.",
    "dash.updated": "Bijgewerkt om {time}",
    "dash.store_error": "De database is even niet bereikbaar. Het dashboard probeert het zo opnieuw.",
    "dash.action_store_problem": (
        "Dat lukte niet: de database is even niet bereikbaar. Wat je net koos, is misschien "
        "niet bewaard. Probeer het over een paar seconden opnieuw."
    ),
    "dash.action_unexpected": (
        "Er ging iets mis. Wat je net koos, is misschien niet bewaard. Probeer het opnieuw. "
        "Lukt het dan nog niet? Laad de pagina opnieuw."
    ),
    "dash.mean": "gemiddelde",
    "dash.reasons": "Redenen",
    "dash.notes": "Tips voor het gesprek (alleen voor de trainer)",
    "dash.no_reasons": "Nog geen redenen gegeven.",
    "dash.no_answers": "Nog geen antwoorden.",
    "dash.radar_title": "Gemiddelde van de groep (1 tot 5)",
    "dash.count_header": "Aantal",
    "answer.download": "Download",
    "answer.print_hint": (
        "Open het bestand in je browser. Daar kun je het afdrukken of als PDF bewaren."
    ),
    # shared lists that others vote on (ideeen, taalcheck)
    "group.hidden": "Verborgen door de trainer ({count})",
    "group.hide": "Verberg",
    "group.unhide": "Laat weer zien",
    # sources
    "sources.title": "Bronnen",
    # content problems (samenspraak check), read by trainers who write content files
    "content.missing": "dit veld ontbreekt",
    "content.extra": "dit veld kennen we niet; controleer de spelling",
    "content.too_long": "te lang: maximaal {max_length} tekens",
    "content.empty": "mag niet leeg zijn",
    "content.too_few": "te weinig: minimaal {min_length}",
    "content.too_many": "te veel: maximaal {max_length}",
    "content.slug": "gebruik alleen kleine letters, cijfers en streepjes (zoals mijn-oefening)",
    "content.text": "moet tekst zijn",
    "content.int": "moet een heel getal zijn",
    "content.bool": "moet true of false zijn",
    "content.list": "moet een lijst zijn (regels die beginnen met -)",
    "content.mapping": "moet velden hebben (naam: waarde)",
    "content.ge": "moet minimaal {ge} zijn",
    "content.le": "mag maximaal {le} zijn",
    "content.type_unknown": "onbekend type {tag}; kies uit {expected_tags}",
    "content.type_missing": "het veld type ontbreekt; kies uit {expected_tags}",
    "content.literal": "kies uit {expected}",
    "content.duplicate_key": "dit veld staat er twee keer",
    "content.id_twice": "de id {value} komt vaker voor; elke id moet uniek zijn",
    "content.id_repeated": "de {kind} {value} komt vaker voor in deze {where}",
    "content.theme_unknown": "onbekend thema {value}; zie content/themes.yaml",
    "content.guide_unknown": "onbekende oefening {value} in het draaiboek",
    "content.guide_twice": "de oefening {value} staat al in een eerder blok",
    "content.guide_missing": "deze oefeningen staan in geen enkel blok: {value}",
    "content.guide_order": "zet de oefeningen in de blokken in dezelfde volgorde als onder exercises",
    "content.guide_minutes": "de blokken duren samen {total} minuten, maar duration_minutes is {value}",
    "content.source_unknown": "onbekende bron {value}; bekende bronnen: {known}",
    "content.rule": "{message}",
    "content.yaml": "dit is geen geldige YAML: {detail}",
    "content.empty_file": "het bestand is leeg",
    "content.id_filename": "de id {value} moet gelijk zijn aan de bestandsnaam ({stem})",
    "content.no_files": "geen workshopbestanden (.yaml) gevonden",
    "content.not_found": "bestand of map bestaat niet",
    "content.unreadable": "kan het bestand niet lezen: {detail}",
    "content.ok": "{count} workshop(s) gecontroleerd, geen problemen.",
    "content.workshop_unknown": "Workshop {value} bestaat niet. Beschikbaar: {known}.",
}


def register(texts: Mapping[str, str]) -> None:
    """Add an exercise type's own texts; each type keeps its Dutch beside its code.

    Keys start with the type's name (``"casus.restart"``); a key that exists already is an
    error, so two modules can never silently change each other's wording.
    """
    clash = sorted(key for key in texts if key in NL and NL[key] != texts[key])
    if clash:
        raise ValueError(f"message keys defined twice: {', '.join(clash)}")
    NL.update(texts)


def t(key: str, /, **values: object) -> str:
    """The Dutch text for ``key``, with ``{placeholders}`` filled from ``values``."""
    return NL[key].format(**values)
