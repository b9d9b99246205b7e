import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('social', '0005_pulses_partitioned'),
    ]

    operations = [
        migrations.CreateModel(
            name='TrendingTopic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tag', models.CharField(max_length=100)),
                ('category', models.CharField(choices=[('movie', 'Movie'), ('person', 'Person'), ('event', 'Event'), ('general', 'General')], default='general', max_length=10)),
                ('window_label', models.CharField(choices=[('24h', 'Past 24 hours'), ('7d', 'Past 7 days'), ('30d', 'Past 30 days')], max_length=3)),
                ('count', models.IntegerField(help_text='Visible pulses carrying the tag in the window.')),
                ('computed_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'db_table': 'trending_topics',
                'ordering': ['window_label', '-count', 'tag'],
            },
        ),
        migrations.AddIndex(
            model_name='trendingtopic',
            index=models.Index(models.F('window_label'), models.OrderBy(models.F('count'), descending=True), models.F('tag'), name='trending_topics_rank'),
        ),
        migrations.AddConstraint(
            model_name='trendingtopic',
            constraint=models.UniqueConstraint(fields=('tag', 'window_label'), name='trending_topics_tag_window_key'),
        ),
        migrations.AddConstraint(
            model_name='trendingtopic',
            constraint=models.CheckConstraint(condition=models.Q(('category__in', ['movie', 'person', 'event', 'general'])), name='trending_topics_category_valid'),
        ),
        migrations.AddConstraint(
            model_name='trendingtopic',
            constraint=models.CheckConstraint(condition=models.Q(('window_label__in', ['24h', '7d', '30d'])), name='trending_topics_window_label_valid'),
        ),
        migrations.AddConstraint(
            model_name='trendingtopic',
            constraint=models.CheckConstraint(condition=models.Q(('count__gte', 0)), name='trending_topics_count_non_negative'),
        ),
    ]
