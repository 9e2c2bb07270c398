"""factory_boy factories for the core models."""

import factory
from django.utils import timezone

from projects.models import Client, Membership, Organization, Project, ProjectAccess, Role, Stage, TimelineEvent, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Studio {n}")
    slug = factory.Sequence(lambda n: f"studio-{n}")


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Client Co {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PRODUCER
    client = None


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    client = factory.SubFactory(ClientFactory)
    organization = factory.SelfAttribute("client.organization")
    title = factory.Sequence(lambda n: f"Launch film {n}")
    description = "A 60 second launch film."
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=30))
    stage = Stage.IDEATION


class ProjectAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectAccess

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)


class TimelineEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    project = factory.SubFactory(ProjectFactory)
    stage = factory.SelfAttribute("project.stage")
    kind = "note.added"
    summary = factory.Sequence(lambda n: f"Something happened #{n}")
    client_visible = True


def write_brief(project: Project, by: User):
    """The brief the storyboard gate asks for (production.ideation's "Brief written"): an
    objective, an audience and a KPI, saved as the project's next brief version by ``by``."""
    from production.ideation import services
    from production.ideation.models import Metric, Objective

    return services.brief_save(
        project=project,
        by=by,
        objective=Objective.AWARENESS,
        audience="Runners, 25 to 40.",
        kpis=[{"metric": Metric.VIEWS, "target": 100000}],
    )


def schedule_shot(day, *, by: User, position: int | None = None, **shot_fields):
    """A new shot of the day's project's shot list, placed at the end of the day's shooting order
    (or at ``position``): what the scheduling page does, for tests of what happens on set."""
    from django.db.models import Max

    from production.shoot.models import ScheduledShot
    from production.storyboard.services import shots as shot_services

    shot = shot_services.shot_create(project=day.project, by=by, **shot_fields)
    if position is None:
        last = ScheduledShot.objects.filter(day=day).aggregate(last=Max("position"))["last"]
        position = 0 if last is None else last + 1
    scheduled = ScheduledShot.objects.create(day=day, shot=shot, position=position)
    type(shot).objects.filter(pk=shot.pk).update(status="scheduled")
    shot.status = "scheduled"
    return scheduled
