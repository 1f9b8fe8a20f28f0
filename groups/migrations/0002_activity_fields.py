from django.db import migrations

# 特定非営利活動促進法 別表 (the 20 fields in force since the 2012 amendment).
NPO_ACT_2012 = [
    "保健、医療又は福祉の増進を図る活動",
    "社会教育の推進を図る活動",
    "まちづくりの推進を図る活動",
    "観光の振興を図る活動",
    "農山漁村又は中山間地域の振興を図る活動",
    "学術、文化、芸術又はスポーツの振興を図る活動",
    "環境の保全を図る活動",
    "災害救援活動",
    "地域安全活動",
    "人権の擁護又は平和の推進を図る活動",
    "国際協力の活動",
    "男女共同参画社会の形成の促進を図る活動",
    "子どもの健全育成を図る活動",
    "情報化社会の発展を図る活動",
    "科学技術の振興を図る活動",
    "経済活動の活性化を図る活動",
    "職業能力の開発又は雇用機会の拡充を支援する活動",
    "消費者の保護を図る活動",
    "前各号に掲げる活動を行う団体の運営又は活動に関する連絡、助言又は援助の活動",
    "前各号で掲げる活動に準ずる活動として都道府県又は指定都市の条例で定める活動",
]


def load(apps, schema_editor):
    ActivityField = apps.get_model("groups", "ActivityField")
    for code, name in enumerate(NPO_ACT_2012, start=1):
        ActivityField.objects.update_or_create(version="2012", code=code, defaults={"name": name, "is_current": True})


def unload(apps, schema_editor):
    apps.get_model("groups", "ActivityField").objects.filter(version="2012").delete()


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
