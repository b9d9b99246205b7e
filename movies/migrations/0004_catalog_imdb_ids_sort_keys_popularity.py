"""IMDb ids, sort keys, popularity, and the original title in search.

* `imdb_id` on movies and people: '' or IMDb's format, unique where given (partial index).
* `review_count` on movies (kept by the review write path) and the popularity index.
* `title_sort` / `name_sort`: stored case- and accent-free keys, since the server has no ICU
  collation; title ordering also skips a leading The/A/An.
* Indexes for the filters and orderings (runtime, content rating, language, country, IMDb
  rating), and (region, movie) on offers for the per-region movie counts.
* `original_title` gets a trigram index and joins the full-text vector (weight A). A generated
  column's expression cannot be altered on PostgreSQL 15, so the vector is dropped and added
  again with its index (a rewrite of the movies table: about a second at 10,000 movies).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('movies', '0003_theaters_distance_indexes'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='movie',
            options={'ordering': [models.OrderBy(models.F('release_date'), descending=True, nulls_last=True), 'id']},
        ),
        migrations.AlterModelOptions(
            name='person',
            options={'ordering': ['name_sort', 'id'], 'verbose_name_plural': 'people'},
        ),
        migrations.RemoveIndex(
            model_name='person',
            name='people_name_id',
        ),
        migrations.AddField(
            model_name='movie',
            name='imdb_id',
            field=models.CharField(blank=True, db_default='', default='', help_text='IMDb title id, e.g. tt1375666.', max_length=10),
        ),
        migrations.AddField(
            model_name='movie',
            name='review_count',
            field=models.IntegerField(db_default=0, default=0, help_text='Visible reviews; kept by the review write path. Popularity sorts on it.'),
        ),
        migrations.AddField(
            model_name='movie',
            name='title_sort',
            field=models.GeneratedField(db_persist=True, expression=models.Func(django.db.models.functions.text.Lower(models.Func(models.F('title'), function='iwm_unaccent', output_field=models.TextField())), models.Value('^(the|a|an)\\s+'), models.Value(''), function='regexp_replace', output_field=models.TextField()), help_text='Title ordering key: lower case, no accents, no leading The/A/An.', output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name='person',
            name='imdb_id',
            field=models.CharField(blank=True, db_default='', default='', help_text='IMDb name id, e.g. nm0634240.', max_length=10),
        ),
        migrations.AddField(
            model_name='person',
            name='name_sort',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Lower(models.Func(models.F('name'), function='iwm_unaccent', output_field=models.TextField())), help_text='Name ordering key: lower case, no accents.', output_field=models.TextField()),
        ),
        migrations.RemoveIndex(model_name='movie', name='movies_search_vector'),
        migrations.RemoveField(model_name='movie', name='search_vector'),
        migrations.AddField(
            model_name='movie',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(models.Func(models.F('title'), function='iwm_unaccent', output_field=models.TextField()), config='english', weight='A'), '||', django.contrib.postgres.search.SearchVector(models.Func(models.F('original_title'), function='iwm_unaccent', output_field=models.TextField()), config='english', weight='A'), django.contrib.postgres.search.SearchConfig('english')), '||', django.contrib.postgres.search.SearchVector(models.Func(models.F('tagline'), function='iwm_unaccent', output_field=models.TextField()), config='english', weight='B'), django.contrib.postgres.search.SearchConfig('english')), '||', django.contrib.postgres.search.SearchVector(models.Func(models.F('overview'), function='iwm_unaccent', output_field=models.TextField()), config='english', weight='C'), django.contrib.postgres.search.SearchConfig('english')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='movie',
            index=django.contrib.postgres.indexes.GinIndex(fastupdate=False, fields=['search_vector'], name='movies_search_vector'),
        ),
        migrations.AddIndex(
            model_name='movie',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(models.Func(models.F('original_title'), function='iwm_unaccent', output_field=models.TextField()), name='gin_trgm_ops'), fastupdate=False, name='movies_original_title_trgm'),
        ),
        migrations.AddIndex(
            model_name='movie',
            index=models.Index(models.OrderBy(models.F('imdb_rating'), descending=True, nulls_last=True), models.F('id'), name='movies_imdb_rating_desc'),
        ),
        migrations.AddIndex(
            model_name='movie',
            index=models.Index(models.OrderBy(models.F('review_count'), descending=True), models.OrderBy(models.F('imdb_rating'), descending=True, nulls_last=True), models.F('id'), name='movies_popularity'),
        ),
        migrations.AddIndex(
            model_name='movie',
            index=models.Index(fields=['title_sort', 'id'], name='movies_title_sort'),
        ),
        migrations.AddIndex(
            model_name='movie',
            index=models.Index(fields=['runtime'], name='movies_runtime'),
        ),
        migrations.AddIndex(
            model_name='movie',
            index=models.Index(fields=['rating'], name='movies_rating'),
        ),
        migrations.AddIndex(
            model_name='movie',
            index=models.Index(fields=['language'], name='movies_language'),
        ),
        migrations.AddIndex(
            model_name='movie',
            index=models.Index(fields=['country'], name='movies_country'),
        ),
        migrations.AddIndex(
            model_name='moviestreamingoption',
            index=models.Index(fields=['region', 'movie'], name='streaming_options_region_movie'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['name_sort', 'id'], name='people_name_sort'),
        ),
        migrations.AddConstraint(
            model_name='movie',
            constraint=models.CheckConstraint(condition=models.Q(('imdb_id', ''), ('imdb_id__regex', '^tt[0-9]{7,8}$'), _connector='OR'), name='movies_imdb_id_format'),
        ),
        migrations.AddConstraint(
            model_name='movie',
            constraint=models.UniqueConstraint(condition=models.Q(('imdb_id', ''), _negated=True), fields=('imdb_id',), name='movies_imdb_id_key'),
        ),
        migrations.AddConstraint(
            model_name='movie',
            constraint=models.CheckConstraint(condition=models.Q(('review_count__gte', 0)), name='movies_review_count_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.CheckConstraint(condition=models.Q(('imdb_id', ''), ('imdb_id__regex', '^nm[0-9]{7,8}$'), _connector='OR'), name='people_imdb_id_format'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(condition=models.Q(('imdb_id', ''), _negated=True), fields=('imdb_id',), name='people_imdb_id_key'),
        ),
    ]
