from django.urls import path

from . import views

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="facility_list"),
    path("fees/", views.fees, name="fees"),
    path("opendata.csv", views.opendata_csv, name="opendata_csv"),
    path("front-desk/", views.front_desk, name="front_desk"),
    path("front-desk/<str:kind>/<int:pk>/<str:action>/", views.front_desk_action, name="front_desk_action"),
    path("bookings/", views.booking_list, name="booking_list"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/evidence/", views.booking_evidence, name="booking_evidence"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("calendars/issue/<int:group_pk>/", views.group_calendar_issue, name="group_calendar_issue"),
    path("calendars/<str:token>.ics", views.group_ics, name="group_ics"),
    path("<int:pk>/", views.facility_detail, name="facility_detail"),
    path("<int:pk>/calendar/", views.facility_month, name="facility_month_current"),
    path("<int:pk>/calendar/<int:year>/<int:month>/", views.facility_month, name="facility_month"),
    path("<int:pk>/week/", views.facility_week, name="facility_week_current"),
    path("<int:pk>/week/<str:day>/", views.facility_week, name="facility_week"),
    path("<int:pk>/book/", views.booking_create, name="booking_create"),
    path("<int:pk>/borrow/", views.loan_create, name="loan_create"),
    path("<int:pk>/calendar.ics", views.facility_ics, name="facility_ics"),
]
