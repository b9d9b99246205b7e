"""Fixed vocabularies of the catalog. Each is backed by a CHECK constraint on its column."""

from django.db import models


class ContentRating(models.TextChoices):
    G = "G", "G"
    PG = "PG", "PG"
    PG_13 = "PG-13", "PG-13"
    R = "R", "R"
    NC_17 = "NC-17", "NC-17"
    NR = "NR", "Not rated"


class MovieStatus(models.TextChoices):
    RELEASED = "released", "Released"
    UPCOMING = "upcoming", "Upcoming"
    IN_PRODUCTION = "in-production", "In production"


class Department(models.TextChoices):
    ACTING = "acting", "Acting"
    DIRECTING = "directing", "Directing"
    WRITING = "writing", "Writing"
    PRODUCTION = "production", "Production"
    SOUND = "sound", "Sound"
    CAMERA = "camera", "Camera"
    EDITING = "editing", "Editing"


class CreditRole(models.TextChoices):
    ACTOR = "actor", "Actor"
    DIRECTOR = "director", "Director"
    WRITER = "writer", "Writer"
    PRODUCER = "producer", "Producer"
    COMPOSER = "composer", "Composer"
    CINEMATOGRAPHER = "cinematographer", "Cinematographer"
    EDITOR = "editor", "Editor"


class SceneType(models.TextChoices):
    ACTION = "action", "Action"
    DIALOGUE = "dialogue", "Dialogue"
    MUSICAL = "musical", "Musical"
    CHASE = "chase", "Chase"
    FIGHT = "fight", "Fight"
    ROMANCE = "romance", "Romance"
    SUSPENSE = "suspense", "Suspense"
    COMEDY = "comedy", "Comedy"
    VISUAL = "visual", "Visual"
    OPENING = "opening", "Opening"
    FINALE = "finale", "Finale"


class Region(models.TextChoices):
    """Markets the platform tracks availability for (ISO 3166-1 alpha-2)."""

    AE = "AE", "United Arab Emirates"
    AR = "AR", "Argentina"
    AT = "AT", "Austria"
    AU = "AU", "Australia"
    BE = "BE", "Belgium"
    BR = "BR", "Brazil"
    CA = "CA", "Canada"
    CH = "CH", "Switzerland"
    CL = "CL", "Chile"
    CN = "CN", "China"
    CO = "CO", "Colombia"
    CZ = "CZ", "Czechia"
    DE = "DE", "Germany"
    DK = "DK", "Denmark"
    EG = "EG", "Egypt"
    ES = "ES", "Spain"
    FI = "FI", "Finland"
    FR = "FR", "France"
    GB = "GB", "United Kingdom"
    HK = "HK", "Hong Kong"
    ID = "ID", "Indonesia"
    IE = "IE", "Ireland"
    IL = "IL", "Israel"
    IN = "IN", "India"
    IT = "IT", "Italy"
    JP = "JP", "Japan"
    KR = "KR", "South Korea"
    MX = "MX", "Mexico"
    NG = "NG", "Nigeria"
    NL = "NL", "Netherlands"
    NO = "NO", "Norway"
    NZ = "NZ", "New Zealand"
    PH = "PH", "Philippines"
    PL = "PL", "Poland"
    PT = "PT", "Portugal"
    SA = "SA", "Saudi Arabia"
    SE = "SE", "Sweden"
    SG = "SG", "Singapore"
    TH = "TH", "Thailand"
    TR = "TR", "Turkey"
    TW = "TW", "Taiwan"
    US = "US", "United States"
    ZA = "ZA", "South Africa"


class OfferType(models.TextChoices):
    SUBSCRIPTION = "subscription", "Subscription"
    RENT = "rent", "Rent"
    BUY = "buy", "Buy"
    FREE = "free", "Free"
    ADS = "ads", "Free with ads"


class VideoQuality(models.TextChoices):
    SD = "SD", "SD"
    HD = "HD", "HD"
    UHD = "4K", "4K"


class ShowtimeFormat(models.TextChoices):
    STANDARD = "standard", "Standard"
    THREE_D = "3d", "3D"
    IMAX = "imax", "IMAX"
    IMAX_3D = "imax-3d", "IMAX 3D"
    DOLBY = "dolby", "Dolby Cinema"
    SEVENTY_MM = "70mm", "70mm"
    THIRTY_FIVE_MM = "35mm", "35mm"
