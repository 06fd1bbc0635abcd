from django.db import models


class DataVersion(models.Model):
    """One row whose number changes with every write to the platform's data.

    Saved pages (``reglab.core.blocks``) carry the number they were made at, so
    after any write they are made anew. On PostgreSQL the number is the sequence
    ``core_data_version_seq`` instead (see ``reglab.core.blocks.data_version``):
    taking a number from a sequence locks nothing, whereas updating this row
    inside every writing transaction would make them all wait for each other.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return str(self.version)
