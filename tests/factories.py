"""factory_boy factories for the programme models. Defaults make a valid, open task due in 30 days."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from plans import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.django.Password("matkhau-thu-nghiem")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Unit

    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")
    kind = models.Unit.Kind.DEPARTMENT


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Leader

    unit = factory.SubFactory(UnitFactory)
    position_title = factory.LazyAttribute(lambda o: f"Giám đốc {o.unit.name}")
    role = models.Leader.Role.HEAD
    term_start = dt.date(2021, 1, 1)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Document

    kind = models.Document.Kind.PLAN
    number = factory.Sequence(lambda n: f"{n}/KH-UBND")
    issue_date = dt.date(2021, 10, 22)
    level = models.Document.Level.PROVINCIAL
    title = factory.Sequence(lambda n: f"Kế hoạch thử nghiệm {n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Plan

    title = factory.Sequence(lambda n: f"Kế hoạch {n}")
    start_year = 2021
    end_year = 2025
    owner = factory.SubFactory(UnitFactory)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Goal

    plan = factory.SubFactory(PlanFactory)
    statement = factory.Sequence(lambda n: f"Mục tiêu {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Task
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"NV{n:04d}")
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    pillar = models.Pillar.DIGITAL_GOVERNMENT
    field = "e_government"
    lead_unit = factory.SubFactory(UnitFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    status = models.Status.IN_PROGRESS
    progress = 20

    class Params:
        completed = factory.Trait(
            status=models.Status.COMPLETED,
            progress=100,
            completed_on=factory.LazyFunction(timezone.localdate),
        )

    @factory.post_generation
    def cooperating_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.cooperating_units.add(*extracted)


class TaskUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TaskUpdate

    task = factory.SubFactory(TaskFactory)
    status = models.Status.IN_PROGRESS
    progress = 30
    note = "Đang triển khai"
