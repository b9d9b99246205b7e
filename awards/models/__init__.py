from .ceremonies import Category, Ceremony, CeremonyYear, Nomination, NominationPerson
from .festivals import Festival, FestivalEdition, FestivalWinner, ProgramEntry, ProgramSection, WinnerCategory

__all__ = [
    "Category",
    "Ceremony",
    "CeremonyYear",
    "Festival",
    "FestivalEdition",
    "FestivalWinner",
    "Nomination",
    "NominationPerson",
    "ProgramEntry",
    "ProgramSection",
    "WinnerCategory",
]
