from django.urls import path

from civic_portal.core import converters  # noqa: F401 - registers <id:>, <year:>, <isodate:> …

from . import search_views, utilisation_views, views, views_lottery, views_permit

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="facility_list"),
    path("fees/", views.fees, name="fees"),
    path("search/", search_views.free_slot_search, name="search"),
    path("utilisation/", utilisation_views.utilisation_page, name="utilisation"),
    path("utilisation.csv", utilisation_views.utilisation_csv, name="utilisation_csv"),
    path("opendata.csv", views.opendata_csv, name="opendata_csv"),
    path("opendata.json", views.opendata_json, name="opendata_json"),
    path("front-desk/", views.front_desk, name="front_desk"),
    path("front-desk/<str:kind>/<id:pk>/<str:action>/", views.front_desk_action, name="front_desk_action"),
    path("bookings/", views.booking_list, name="booking_list"),
    path("bookings/<id:pk>/", views.booking_detail, name="booking_detail"),
    path("bookings/<id:pk>/evidence/", views.booking_evidence, name="booking_evidence"),
    path("bookings/<id:pk>/booking.ics", views.booking_ics_download, name="booking_ics"),
    path("bookings/<id:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("calendars/issue/<id:group_pk>/", views.group_calendar_issue, name="group_calendar_issue"),
    path("calendars/<token:token>.ics", views.group_ics, name="group_ics"),
    # lottery, provisional bookings, permits, receipts and payments
    path("lottery/", views_lottery.lottery_list, name="lottery_list"),
    path("lottery/<id:pk>/", views_lottery.lottery_detail, name="lottery_detail"),
    path("lottery/<id:pk>/apply/", views_lottery.lottery_apply, name="lottery_apply"),
    path("lottery/<id:pk>/draw/", views_lottery.lottery_draw, name="lottery_draw"),
    path("bookings/<id:pk>/confirm/", views_lottery.booking_confirm_hold, name="booking_confirm_hold"),
    path("bookings/<id:pk>/permit/", views_permit.booking_permit, name="booking_permit"),
    path("bookings/<id:pk>/receipt/", views_permit.booking_receipt, name="booking_receipt"),
    path("front-desk/payment/<id:pk>/", views_permit.payment_record, name="payment_record"),
    path("<id:pk>/", views.facility_detail, name="facility_detail"),
    path("<id:pk>/calendar/", views.facility_month, name="facility_month_current"),
    path("<id:pk>/calendar/<year:year>/<month:month>/", views.facility_month, name="facility_month"),
    path("<id:pk>/week/", views.facility_week, name="facility_week_current"),
    path("<id:pk>/week/<isodate:day>/", views.facility_week, name="facility_week"),
    path("<id:pk>/book/", views.booking_create, name="booking_create"),
    path("<id:pk>/borrow/", views.loan_create, name="loan_create"),
    path("<id:pk>/calendar.ics", views.facility_ics, name="facility_ics"),
]
