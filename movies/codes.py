"""Country, language and region codes: names, and one way to read them from a client.

Codes are case-insensitive wherever a client sends them (query string or path): `gb`, `Gb` and
`GB` are the same region; `JA` is Japanese. What is stored is canonical: regions and countries
upper case, languages lower case. An unknown code is a 400 that names it and the endpoint that
lists the valid ones.

* Regions are the markets the platform tracks offers in (`movies.choices.Region`).
* Languages are ISO 639-1 codes (the table below); a code outside it that the catalog uses is
  accepted too (the column admits ISO 639-2/3 codes).
* Countries are ISO 3166-1 alpha-2 codes, with the four former codes films still carry (SU,
  YU, CS, DD); again, any code the catalog uses is accepted.

The English names are fixed tables in code: no dependency is worth adding for ~430 short
strings that change once a decade.
"""

from __future__ import annotations

import re

from django.urls import reverse

from movies.choices import Region

# ISO 639-1 (the 183 current codes), English names.
LANGUAGE_NAMES: dict[str, str] = dict(
    item.replace("_", " ").split("=")
    for item in """
aa=Afar ab=Abkhazian ae=Avestan af=Afrikaans ak=Akan am=Amharic an=Aragonese ar=Arabic as=Assamese av=Avaric
ay=Aymara az=Azerbaijani ba=Bashkir be=Belarusian bg=Bulgarian bi=Bislama bm=Bambara bn=Bengali bo=Tibetan
br=Breton bs=Bosnian ca=Catalan ce=Chechen ch=Chamorro co=Corsican cr=Cree cs=Czech cu=Church_Slavic cv=Chuvash
cy=Welsh da=Danish de=German dv=Divehi dz=Dzongkha ee=Ewe el=Greek en=English eo=Esperanto es=Spanish et=Estonian
eu=Basque fa=Persian ff=Fulah fi=Finnish fj=Fijian fo=Faroese fr=French fy=Western_Frisian ga=Irish
gd=Scottish_Gaelic gl=Galician gn=Guarani gu=Gujarati gv=Manx ha=Hausa he=Hebrew hi=Hindi ho=Hiri_Motu
hr=Croatian ht=Haitian_Creole hu=Hungarian hy=Armenian hz=Herero ia=Interlingua id=Indonesian ie=Interlingue
ig=Igbo ii=Sichuan_Yi ik=Inupiaq io=Ido is=Icelandic it=Italian iu=Inuktitut ja=Japanese jv=Javanese ka=Georgian
kg=Kongo ki=Kikuyu kj=Kuanyama kk=Kazakh kl=Kalaallisut km=Khmer kn=Kannada ko=Korean kr=Kanuri ks=Kashmiri
ku=Kurdish kv=Komi kw=Cornish ky=Kyrgyz la=Latin lb=Luxembourgish lg=Ganda li=Limburgish ln=Lingala lo=Lao
lt=Lithuanian lu=Luba-Katanga lv=Latvian mg=Malagasy mh=Marshallese mi=Maori mk=Macedonian ml=Malayalam
mn=Mongolian mr=Marathi ms=Malay mt=Maltese my=Burmese na=Nauru nb=Norwegian_Bokmål nd=North_Ndebele ne=Nepali
ng=Ndonga nl=Dutch nn=Norwegian_Nynorsk no=Norwegian nr=South_Ndebele nv=Navajo ny=Chichewa oc=Occitan
oj=Ojibwa om=Oromo or=Odia os=Ossetian pa=Punjabi pi=Pali pl=Polish ps=Pashto pt=Portuguese qu=Quechua
rm=Romansh rn=Rundi ro=Romanian ru=Russian rw=Kinyarwanda sa=Sanskrit sc=Sardinian sd=Sindhi se=Northern_Sami
sg=Sango si=Sinhala sk=Slovak sl=Slovenian sm=Samoan sn=Shona so=Somali sq=Albanian sr=Serbian ss=Swati
st=Southern_Sotho su=Sundanese sv=Swedish sw=Swahili ta=Tamil te=Telugu tg=Tajik th=Thai ti=Tigrinya tk=Turkmen
tl=Tagalog tn=Tswana to=Tonga tr=Turkish ts=Tsonga tt=Tatar tw=Twi ty=Tahitian ug=Uyghur uk=Ukrainian ur=Urdu
uz=Uzbek ve=Venda vi=Vietnamese vo=Volapük wa=Walloon wo=Wolof xh=Xhosa yi=Yiddish yo=Yoruba za=Zhuang
zh=Chinese zu=Zulu
""".split()
)

# ISO 3166-1 alpha-2 (the 249 current codes) and the former codes of countries films were
# made in; names as the region vocabulary spells them where the two meet.
COUNTRY_NAMES: dict[str, str] = {
    code: name
    for code, name in (
        line.split(" ", 1)
        for line in """
AD Andorra|AE United Arab Emirates|AF Afghanistan|AG Antigua and Barbuda|AI Anguilla|AL Albania|AM Armenia
AO Angola|AQ Antarctica|AR Argentina|AS American Samoa|AT Austria|AU Australia|AW Aruba|AX Åland Islands
AZ Azerbaijan|BA Bosnia and Herzegovina|BB Barbados|BD Bangladesh|BE Belgium|BF Burkina Faso|BG Bulgaria
BH Bahrain|BI Burundi|BJ Benin|BL Saint Barthélemy|BM Bermuda|BN Brunei|BO Bolivia|BQ Caribbean Netherlands
BR Brazil|BS Bahamas|BT Bhutan|BV Bouvet Island|BW Botswana|BY Belarus|BZ Belize|CA Canada
CC Cocos (Keeling) Islands|CD Democratic Republic of the Congo|CF Central African Republic|CG Republic of the Congo
CH Switzerland|CI Côte d'Ivoire|CK Cook Islands|CL Chile|CM Cameroon|CN China|CO Colombia|CR Costa Rica|CU Cuba
CV Cabo Verde|CW Curaçao|CX Christmas Island|CY Cyprus|CZ Czechia|DE Germany|DJ Djibouti|DK Denmark|DM Dominica
DO Dominican Republic|DZ Algeria|EC Ecuador|EE Estonia|EG Egypt|EH Western Sahara|ER Eritrea|ES Spain|ET Ethiopia
FI Finland|FJ Fiji|FK Falkland Islands|FM Micronesia|FO Faroe Islands|FR France|GA Gabon|GB United Kingdom
GD Grenada|GE Georgia|GF French Guiana|GG Guernsey|GH Ghana|GI Gibraltar|GL Greenland|GM Gambia|GN Guinea
GP Guadeloupe|GQ Equatorial Guinea|GR Greece|GS South Georgia and the South Sandwich Islands|GT Guatemala|GU Guam
GW Guinea-Bissau|GY Guyana|HK Hong Kong|HM Heard Island and McDonald Islands|HN Honduras|HR Croatia|HT Haiti
HU Hungary|ID Indonesia|IE Ireland|IL Israel|IM Isle of Man|IN India|IO British Indian Ocean Territory|IQ Iraq
IR Iran|IS Iceland|IT Italy|JE Jersey|JM Jamaica|JO Jordan|JP Japan|KE Kenya|KG Kyrgyzstan|KH Cambodia
KI Kiribati|KM Comoros|KN Saint Kitts and Nevis|KP North Korea|KR South Korea|KW Kuwait|KY Cayman Islands
KZ Kazakhstan|LA Laos|LB Lebanon|LC Saint Lucia|LI Liechtenstein|LK Sri Lanka|LR Liberia|LS Lesotho|LT Lithuania
LU Luxembourg|LV Latvia|LY Libya|MA Morocco|MC Monaco|MD Moldova|ME Montenegro|MF Saint Martin|MG Madagascar
MH Marshall Islands|MK North Macedonia|ML Mali|MM Myanmar|MN Mongolia|MO Macao|MP Northern Mariana Islands
MQ Martinique|MR Mauritania|MS Montserrat|MT Malta|MU Mauritius|MV Maldives|MW Malawi|MX Mexico|MY Malaysia
MZ Mozambique|NA Namibia|NC New Caledonia|NE Niger|NF Norfolk Island|NG Nigeria|NI Nicaragua|NL Netherlands
NO Norway|NP Nepal|NR Nauru|NU Niue|NZ New Zealand|OM Oman|PA Panama|PE Peru|PF French Polynesia
PG Papua New Guinea|PH Philippines|PK Pakistan|PL Poland|PM Saint Pierre and Miquelon|PN Pitcairn Islands
PR Puerto Rico|PS Palestine|PT Portugal|PW Palau|PY Paraguay|QA Qatar|RE Réunion|RO Romania|RS Serbia|RU Russia
RW Rwanda|SA Saudi Arabia|SB Solomon Islands|SC Seychelles|SD Sudan|SE Sweden|SG Singapore|SH Saint Helena
SI Slovenia|SJ Svalbard and Jan Mayen|SK Slovakia|SL Sierra Leone|SM San Marino|SN Senegal|SO Somalia|SR Suriname
SS South Sudan|ST São Tomé and Príncipe|SV El Salvador|SX Sint Maarten|SY Syria|SZ Eswatini
TC Turks and Caicos Islands|TD Chad|TF French Southern Territories|TG Togo|TH Thailand|TJ Tajikistan|TK Tokelau
TL Timor-Leste|TM Turkmenistan|TN Tunisia|TO Tonga|TR Turkey|TT Trinidad and Tobago|TV Tuvalu|TW Taiwan
TZ Tanzania|UA Ukraine|UG Uganda|UM United States Minor Outlying Islands|US United States|UY Uruguay|UZ Uzbekistan
VA Vatican City|VC Saint Vincent and the Grenadines|VE Venezuela|VG British Virgin Islands|VI U.S. Virgin Islands
VN Vietnam|VU Vanuatu|WF Wallis and Futuna|WS Samoa|YE Yemen|YT Mayotte|ZA South Africa|ZM Zambia|ZW Zimbabwe
SU Soviet Union (former)|YU Yugoslavia (former)|CS Czechoslovakia (former)|DD East Germany (former)
""".replace("\n", "|").split("|")
        if line
    )
}

REGION_NAMES: dict[str, str] = dict(Region.choices)

LANGUAGE_FORMAT = re.compile(r"[a-z]{2,3}")
COUNTRY_FORMAT = re.compile(r"[A-Z]{2}")


class UnknownValue(ValueError):
    """A value the client sent that the catalog does not know; str() is the message for it."""


def listed_at(url_name: str) -> str:
    return f"GET {reverse(url_name)} lists them"


def unknown(kind: str, values, url_name: str | None = None, *, accepted=None) -> UnknownValue:
    """"Unknown genre 'sci-fi'; GET /api/v1/genres/ lists them." (or the accepted values)."""
    values = list(values)
    quoted = ", ".join(f"'{value}'" for value in values)
    noun = kind if len(values) == 1 else f"{kind}s"
    where = listed_at(url_name) if url_name else "one of " + ", ".join(accepted or [])
    return UnknownValue(f"Unknown {noun} {quoted}; {where}.")


def region_code(raw: str) -> str:
    """'gb' -> 'GB'; a market the platform does not track is UnknownValue."""
    code = str(raw).strip().upper()
    if code not in REGION_NAMES:
        raise unknown("region", [raw], "region-list")
    return code


def language_code(raw: str) -> str:
    """'JA' -> 'ja': an ISO 639-1 code, or a code the catalog uses."""
    code = str(raw).strip().lower()
    if code in LANGUAGE_NAMES or (LANGUAGE_FORMAT.fullmatch(code) and _catalog_uses("language", code)):
        return code
    raise unknown("language", [raw], "language-list")


def country_code(raw: str) -> str:
    """'kr' -> 'KR': an ISO 3166-1 alpha-2 code (or a former one), or a code the catalog uses."""
    code = str(raw).strip().upper()
    if code in COUNTRY_NAMES or (COUNTRY_FORMAT.fullmatch(code) and _catalog_uses("country", code)):
        return code
    raise unknown("country", [raw], "country-list")


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get(code, code)


def _catalog_uses(column: str, code: str) -> bool:
    from movies.models import Movie

    return Movie.objects.filter(**{column: code}).exists()
