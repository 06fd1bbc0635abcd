"""Indexes for the board, the discussion and the history at ten years' size (issue 11).

Besides the model's indexes, PostgreSQL gets a GIN index on the board's search
expression: the Swedish text-search vector of title, summary and question,
written exactly as ``selectors._search`` builds it (Django's SearchVector), so
that the planner matches it instead of computing the vector of every provrum
for each search. SQLite searches the stored stems and has no such index.
"""

from django.conf import settings
from django.db import migrations, models


SEARCH_INDEX = "provrum_search_idx"
SEARCH_EXPRESSION = (
    "to_tsvector('swedish'::regconfig, COALESCE(title, '') || ' ' || "
    "COALESCE(summary, '') || ' ' || COALESCE(question, ''))"
)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON provrum_provrum "
            f"USING gin ({SEARCH_EXPRESSION})"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0001_initial'),
        ('provrum', '0006_compute_readiness'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(condition=models.Q(('parent__isnull', True)), fields=['provrum', '-created_at', '-id'], name='provrum_comment_threads_idx'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['provrum', '-created_at', '-id'], name='provrum_event_recent_idx'),
        ),
        migrations.AddIndex(
            model_name='provrum',
            index=models.Index(models.Case(models.When(state='draft', then=models.Value(0)), models.When(state='proposed', then=models.Value(1)), models.When(state='interest', then=models.Value(2)), models.When(state='go_ahead', then=models.Value(3)), models.When(state='running', then=models.Value(4)), models.When(state='reported', then=models.Value(5)), models.When(state='closed', then=models.Value(6)), models.When(state='withdrawn', then=models.Value(7)), models.When(state='declined', then=models.Value(8)), models.When(state='lapsed', then=models.Value(9)), default=models.Value(10), output_field=models.IntegerField()), models.OrderBy(models.F('published_at'), descending=True), models.OrderBy(models.F('created_at'), descending=True), models.OrderBy(models.F('id'), descending=True), name='provrum_board_idx'),
        ),
        migrations.AddIndex(
            model_name='provrum',
            index=models.Index(fields=['state', '-published_at', '-created_at', '-id'], name='provrum_board_state_idx'),
        ),
        migrations.AddIndex(
            model_name='provrum',
            index=models.Index(fields=['-published_at', '-created_at', '-id'], name='provrum_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='provrum',
            index=models.Index(fields=['created_at'], name='provrum_created_idx'),
        ),
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
