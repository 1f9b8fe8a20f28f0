from django.core.management.base import BaseCommand

from facilities.services import loan_mark_overdue


class Command(BaseCommand):
    help = "貸出中で返却期限を過ぎた備品を「返却遅れ」にする（cron で1日1回）"

    def handle(self, *args, **options):
        count = loan_mark_overdue()
        self.stdout.write(f"{count}")
