import dataclasses

from django.core.management.base import BaseCommand, CommandError

from civic_portal.core.scale.generate import generate
from civic_portal.core.scale.guard import Refused
from civic_portal.core.scale.sizes import Sizes


class Command(BaseCommand):
    help = (
        "Generate a city-sized data set (groups, volunteers, facilities and bookings, grants, plans) into the "
        "database, for the benchmark. Refuses a database holding other data unless --force."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        for field in dataclasses.fields(Sizes):
            parser.add_argument(
                f"--{field.name.replace('_', '-')}",
                type=int,
                default=None,
                dest=field.name,
                help=f"default {getattr(defaults, field.name):,}",
            )
        parser.add_argument("--scale", type=float, default=1.0, help="multiply the growing counts (e.g. 0.01)")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data (on the same day)")
        parser.add_argument("--force", action="store_true", help="add to a database that holds other data")

    def handle(self, *args, **options):
        if options["scale"] <= 0:
            raise CommandError("--scale must be above 0")
        sizes = Sizes().scaled(options["scale"])
        given = {f.name: options[f.name] for f in dataclasses.fields(Sizes) if options[f.name] is not None}
        if any(value < 1 for value in given.values()):
            raise CommandError("every size must be at least 1")
        sizes = dataclasses.replace(sizes, **given)
        self.stdout.write(f"Generating {', '.join(f'{k} {v:,}' for k, v in sizes.as_dict().items())} …")
        try:
            seconds = generate(sizes, seed=options["seed"], force=options["force"], say=self.stdout.write)
        except Refused as exc:
            raise CommandError(f"Refused: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Generated in {seconds:.1f} s."))
