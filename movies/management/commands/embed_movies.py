from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from movies.embedders import get_embedder
from movies.models import Movie
from movies.services.embeddings import embeddings_stale, movie_embeddings_refresh


class Command(BaseCommand):
    help = "Compute the plot embedding of every movie (for 'similar movies') and store it with pgvector."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Rows written per statement.")
        parser.add_argument(
            "--embedder",
            choices=["tfidf", "sentence-transformer"],
            default=settings.EMBEDDER,
            help="Which embedder to use (default: the EMBEDDER setting).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (for logs).")
        parser.add_argument(
            "--if-stale", action="store_true", help="Only when some movie has no embedding from the current run."
        )

    def handle(self, *args, batch_size, embedder, no_progress, if_stale, **options):
        total = Movie.objects.count()
        if if_stale and not embeddings_stale():
            self.stdout.write("Every movie has a current plot embedding; nothing to do.")
            return
        with tqdm(total=total, unit="movie", disable=no_progress, file=self.stderr) as bar:
            run = movie_embeddings_refresh(embedder=get_embedder(embedder), batch_size=batch_size, progress=bar.update)
        if run.skipped_reason:
            self.stdout.write(self.style.WARNING(f"Nothing embedded: {run.skipped_reason}. "
                                                 "'Similar movies' uses shared genres and credits instead."))
            return
        self.stdout.write(self.style.SUCCESS(f"Embedded {run.embedded} movies with {run.model}."))
