"""Demo action plans (issue 4 "Done when"): a complete Sarcelles plan (version 1 approved by
the council, version 2 a draft in preparation) and a partial Vilvoorde draft, from the facts of
003 ("Practice of Vilvoorde", the Sarcelles slides) laid out along the seven elements of 004.

``load_demo_plans()`` is called by ``demo.loader.load_demo`` after the municipalities,
their networks and the demo users exist. It looks municipalities up by slug and organisations
and people by the names the networks demo uses; whatever is missing is skipped. Idempotent: a
plan that already exists (same municipality and title) is left as it is.

Figures are demo figures unless the paper gives them (population, ages, unemployment,
nationalities, refugees). People are roles, never real persons.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coordinator.models import Municipality
from networks.models import Organisation, Person

from . import services
from .models import (
    ActionPlan,
    ActionPlanVersion,
    AnalysisFactor,
    AnalysisSource,
    Definition,
    FactorKind,
    FigureTable,
    Goal,
    GoalScope,
    Indicator,
    IndicatorKind,
    IndicatorMeasurement,
    InsideHelper,
    Intervention,
    KeyOrganisation,
    PartnerRole,
    PoliticalSponsor,
    PreventionLevel,
    ProtectionAim,
    ResourceCommitment,
    SharedInformation,
    SharedSubGoal,
    SourceKind,
    SponsorOffice,
    Urgency,
    VersionState,
)

SARCELLES_TITLE = "Living together in Sarcelles"
VILVOORDE_TITLE = "A plan for warmth and safety"
CHANGE_REASON = "Demo data (load_demo_plans)"

GEN, SPEC, INDIV = PreventionLevel.GENERAL, PreventionLevel.SPECIFIC, PreventionLevel.INDIVIDUAL
OUT, IMP = IndicatorKind.OUTPUT, IndicatorKind.IMPACT


def load_demo_plans() -> dict[str, ActionPlan]:
    """Build the demo plans of the demo municipalities present; returns ``{slug: plan}``."""
    plans = {}
    with transaction.atomic():
        for slug, title, build in (("sarcelles", SARCELLES_TITLE, _sarcelles),
                                   ("vilvoorde", VILVOORDE_TITLE, _vilvoorde)):
            municipality = Municipality.objects.filter(slug=slug).first()
            if municipality is None:
                continue
            plan = ActionPlan.objects.filter(municipality=municipality, title=title).first()
            if plan is None:
                plan = build(_Builder(municipality), title)
            plans[slug] = plan
    return plans


class _Builder:
    """Small helpers bound to one municipality: names -> records, items with positions."""

    def __init__(self, municipality):
        self.municipality = municipality
        self.today = timezone.localdate()
        users = get_user_model().objects
        self.coordinator = users.filter(username=f"{municipality.slug}-coordinator").first()
        self.admin = users.filter(username=f"{municipality.slug}-admin").first()
        self.portal = users.filter(username=f"{municipality.slug}-portal").first()
        self._positions: dict = {}

    def org(self, name):
        return Organisation.objects.for_municipality(self.municipality).filter(name=name).first()

    def people(self, *names):
        return list(Person.objects.for_municipality(self.municipality).filter(name__in=names))

    def days_ago(self, days):
        return self.today - timedelta(days=days)

    def add(self, model, version, **fields):
        """Create an item at the next position of its list; skipped (None) when a required
        organisation is missing."""
        for name in ("organisation",):
            if name in fields and fields[name] is None:
                return None
        key = (model, version.pk)
        if key not in self._positions:
            last = model.objects.filter(version=version).aggregate(n=Max("position"))["n"]
            self._positions[key] = last or 0
        self._positions[key] += 1
        people = fields.pop("people", None)
        item = model(version=version, position=self._positions[key], **fields)
        item._change_reason = CHANGE_REASON
        item.save()
        if people:
            item.people.set(people)
        return item

    def measure(self, indicator, *points):
        for days, value in points:
            IndicatorMeasurement.objects.create(
                indicator=indicator, version=indicator.version,
                measured_on=self.days_ago(days), value=Decimal(str(value)),
            )


# Sarcelles --------------------------------------------------------------------------------

def _sarcelles(b: _Builder, title: str) -> ActionPlan:
    plan, v1 = services.create_plan(b.municipality, title, by=b.coordinator)
    city = b.org("City of Sarcelles, prevention of violent radicalisation")
    centre = b.org("Resource centre on the prevention of violent radicalisation")
    mentoring = b.org("Mentoring pilot for young people")
    schools = b.org("Secondary schools of Sarcelles")
    reception = b.org("Reception service for newly arrived refugees")
    synagogue = b.org("Synagogue board of the Small Jerusalem quarter")
    assyro = b.org("Assyro-Chaldean cultural association")
    mothers = b.org("Neighbourhood mothers' association")
    football = b.org("Local football club")

    # Single-valued answers of elements 1, 2 and 6.
    fields = dict(
        analysis_extent=(
            "Sarcelles has 60,000 inhabitants of 90 nationalities; 47 % are under 30. "
            "Unemployment is 23 % and reaches 40 % in certain districts. About 350 refugees "
            "arrived in recent months.\n\n"
            "No attack has taken place in the city. Partners do report a small number of young "
            "people who withdraw from family, school and friends, online propaganda reaching "
            "pupils, and racist and antisemitic incidents that set neighbourhoods against each "
            "other after international events."
        ),
        analysis_risks=(
            "Social isolation and long unemployment of young people in certain districts; "
            "recruitment and conspiracy narratives online; polarisation between communities "
            "after events in the Middle East; hate incidents against one group used to justify "
            "hate against another."
        ),
        signs_right_wing=(
            "Racist graffiti and online posts aimed at residents of African and Maghreb origin, "
            "reported by the schools and the mothers' association. No organised group is "
            "observed in the city."
        ),
        signs_left_wing="None observed in the city. Violent confrontations at regional "
                        "demonstrations are watched with the prefecture.",
        signs_religious=(
            "A few young people are followed in a phase of indoctrination and social isolation "
            "(multidisciplinary follow-up). Jihadist propaganda reaches pupils through social "
            "networks."
        ),
        urgency=Urgency.MEDIUM,
        urgency_explanation=(
            "No imminent threat is known. The isolation of young people in the districts with "
            "the highest unemployment, and the rise of hate incidents, ask for action this year."
        ),
        vision=(
            "Sarcelles is a city of 90 nationalities where people live together in mutual "
            "respect. We protect our young people against recruitment by extremists of every "
            "kind, and our neighbourhoods against the polarisation that racism and antisemitism "
            "feed. We do it together: the city, the schools, the associations and the "
            "communities, each in its own role. #CoexistSarcelles"
        ),
        reasons=(
            "Half of the inhabitants are under 30 and unemployment reaches 40 % in certain "
            "districts. The city is home to the first Jewish community of France, to Christians "
            "of the East and to families from the Maghreb and Sub-Saharan Africa: events far "
            "away are felt here, and can set neighbours against each other."
        ),
        strategy_fit=(
            "The plan follows the national plan for the prevention of radicalisation and works "
            "with the prefecture's monitoring cell for individual cases. The city hosts a "
            "nation-wide resource centre and shares what it learns with other cities."
        ),
        coordination_process=(
            "The coordinator chairs a partners' meeting every month and a multidisciplinary "
            "case consultation every two weeks for the young people followed (with the "
            "prefecture's cell). Every partner names one contact person and a deputy. Once a "
            "year the mayor reviews the plan with all partners; the review is reported to the "
            "council."
        ),
        overall_coordinator="The local prevention coordinator",
        coordinator_organisation=city,
        sharing_agreements=(
            "The charter of the case consultation, signed by the partners and the prefecture, "
            "applies. It will be replaced by information-sharing agreements recorded in "
            "Linchpin."
        ),
        sharing_evaluation=(
            "Twice a year the partners' meeting asks: was the right information shared on "
            "time, and was it handled as agreed?"
        ),
    )
    for name, value in fields.items():
        setattr(v1, name, value)
    v1.save()

    # 1. Regional analysis.
    for text in ("Unemployment up to 40 % in certain districts",
                 "School drop-out and social isolation of young people",
                 "Online propaganda and conspiracy narratives reaching pupils",
                 "Tensions between communities after international events",
                 "Racist and antisemitic incidents feeding each other"):
        b.add(AnalysisFactor, v1, kind=FactorKind.RISK, description=text)
    for text in ("90 nationalities with a long tradition of living together",
                 "Strong associations: mothers, cultural associations, sports clubs",
                 "Schools that take part in the annual training",
                 "A nation-wide resource centre in the city",
                 "#CoexistSarcelles: counter-speech carried by the partners"):
        b.add(AnalysisFactor, v1, kind=FactorKind.PROTECTIVE, description=text)
    b.add(InsideHelper, v1, who="Neighbourhood mothers", organisation=mothers,
          contribution="Mothers of many origins who notice early when a young person "
                       "withdraws, and know whom to call.")
    b.add(InsideHelper, v1, who="Youth coaches of the local football club", organisation=football,
          contribution="Trusted adults for teenagers of every district; they bring young "
                       "people to the mentoring pilot.")
    b.add(InsideHelper, v1, who="The Assyro-Chaldean cultural association", organisation=assyro,
          contribution="Welcomes families newly arrived from Iraq, Syria and Turkey and tells "
                       "their history in schools.")
    b.add(AnalysisSource, v1, kind=SourceKind.CIVIL_SOCIETY,
          description="Meetings with the synagogue board, the Assyro-Chaldean association and "
                      "the mothers' association")
    b.add(AnalysisSource, v1, kind=SourceKind.FRONTLINE_STAFF,
          description="Head teachers, youth workers and the social workers of the reception "
                      "service")
    b.add(AnalysisSource, v1, kind=SourceKind.NATIONAL_DATA,
          description="Census and unemployment figures per district; national reports on hate "
                      "incidents")
    b.add(FigureTable, v1, title="Sarcelles in figures", columns=["Figure", "Value"], rows=[
        ["Inhabitants", "60,000"], ["Inhabitants under 30", "47 %"],
        ["Nationalities", "90"], ["Unemployment", "23 %"],
        ["Unemployment in certain districts", "up to 40 %"],
        ["Refugees arrived in recent months", "350"],
    ], source_note="RAN LOCAL, \"How to create local networks?\" (practice of Sarcelles)")
    b.add(FigureTable, v1, title="Annual training of the partners' professionals",
          columns=["Year", "Sessions", "Professionals trained", "Partners taking part"],
          rows=[["2022", "6", "64", "9"], ["2023", "8", "85", "12"], ["2024", "10", "112", "15"]],
          source_note="Resource centre attendance lists (demo figures)")

    # 2. Strategy and goals.
    for who, what in (("Young people", "recruitment and online propaganda"),
                      ("Residents of every origin and faith", "racist and antisemitic hate"),
                      ("The neighbourhoods", "polarisation after international events"),
                      ("Recently arrived refugees", "isolation and exploitation")):
        b.add(ProtectionAim, v1, who=who, against_what=what)
    goals = {}
    for key, text, scope, level in (
        ("resilience", "Strengthen the critical thinking and citizenship of young people",
         GoalScope.GENERAL, GEN),
        ("hate", "Give a visible, multidisciplinary answer to every racist or antisemitic "
                 "incident", GoalScope.GENERAL, GEN),
        ("training", "Train the professionals of all partners in the signs and indicators of "
                     "radicalisation", GoalScope.SPECIFIC, SPEC),
        ("mentoring", "Offer mentoring to young people at risk of social isolation",
         GoalScope.SPECIFIC, SPEC),
        ("follow_up", "Restore the family, social and economic links of young people detected "
                      "in a phase of indoctrination", GoalScope.SPECIFIC, INDIV),
    ):
        goals[key] = b.add(Goal, v1, description=text, scope=scope, prevention_level=level)

    # 3. Political support.
    b.add(PoliticalSponsor, v1, name="The Mayor of Sarcelles", office=SponsorOffice.MAYOR,
          endorsed="The vision and the four lines of the preventive approach; chairs the "
                   "yearly review with all partners.", endorsed_on=b.days_ago(420))
    b.add(PoliticalSponsor, v1, name="The Prefect of Val-d'Oise", office=SponsorOffice.PREFECT,
          endorsed="The multidisciplinary follow-up of young people with the prefecture's "
                   "monitoring cell.", endorsed_on=b.days_ago(400))
    b.add(PoliticalSponsor, v1, name="Deputy mayor for prevention", office=SponsorOffice.ALDERMAN,
          endorsed="Carries the plan in the council and reports on it every year.",
          endorsed_on=b.days_ago(380))
    b.add(ResourceCommitment, v1,
          description="Prevention team, including the coordinator (1 FTE)",
          amount_eur=Decimal("55000"), period="per year, 2025-2027",
          committed_by="City of Sarcelles")
    b.add(ResourceCommitment, v1, description="Annual training programme of the partners",
          amount_eur=Decimal("12000"), period="per year", committed_by="City of Sarcelles")
    b.add(ResourceCommitment, v1, description="Mentoring pilot (10 young people a year)",
          amount_eur=Decimal("18000"), period="per year, 2025-2026",
          committed_by="State prevention fund, through the prefecture")
    b.add(ResourceCommitment, v1, description="Meeting rooms of the resource centre and of the "
                                              "associations", committed_by="Partners, in kind")

    # 4. Definitions.
    b.add(Definition, v1, term="radicalisation",
          local_definition="A process in which a person increasingly accepts the use of "
                           "violence, or support for it, to reach political, ideological or "
                           "religious goals.",
          types="Right-wing, left-wing, religiously inspired, single-issue.",
          local_wording="safeguarding young people")
    b.add(Definition, v1, term="violent extremism",
          local_definition="Using, supporting or preparing violence against people or "
                           "institutions for an ideological goal, whatever the ideology.",
          types="Right-wing, left-wing and religiously inspired violent extremism are treated "
                "alike in this plan.")
    b.add(Definition, v1, term="polarisation",
          local_definition="The hardening of us-and-them thinking between groups, which makes "
                           "people receptive to extremist narratives.",
          types="Between communities after international events; between residents and "
                "institutions.", local_wording="living together (vivre-ensemble)")
    b.add(Definition, v1, term="hate incident",
          local_definition="Any act or message aimed at a person because of their origin, "
                           "faith, gender or sexual orientation, whether or not it is a crime.",
          local_wording="respect in our streets")
    b.add(Definition, v1, term="counter-speech",
          local_definition="Messages that answer extremist and hateful narratives in the "
                           "partners' own voices, online and offline.",
          local_wording="#CoexistSarcelles")

    # 5. Key organisations.
    for org, reason, aim in (
        (city, "Runs the preventive approach and coordinates the partners.",
         "One coordinator accepted by all partners; one agenda."),
        (centre, "A nation-wide place of resources on prevention, in the city.",
         "Methodological support and the annual training of the partners."),
        (schools, "Young people spend most of their day at school; teachers notice changes.",
         "Critical thinking and citizenship in class; early signals to the case consultation."),
        (mentoring, "Mentoring restores links for young people at risk of isolation.",
         "Ten mentoring pairs a year, with the football club and the mothers' association."),
        (assyro, "Welcomes families newly arrived from Iraq, Syria and Turkey.",
         "Co-write the counter-speech; help welcome refugee families."),
        (mothers, "Mothers of many origins who know the young people of their district.",
         "Early notice of isolation; family support with the social workers."),
        (synagogue, "The first Jewish community of France lives in Sarcelles.",
         "A quick, visible answer to antisemitic incidents, together with the city."),
    ):
        b.add(KeyOrganisation, v1, organisation=org, reason=reason, aim=aim)

    # 6. Conditions for multi-agency cooperation.
    for text in ("Every partner recognises the signs and indicators, and knows whom to call",
                 "No young person who is detected is left without a multidisciplinary follow-up",
                 "Every racist or antisemitic incident gets an answer within a week",
                 "Communities co-write the counter-speech"):
        b.add(SharedSubGoal, v1, description=text)
    for org, role, mandate, tasks, people in (
        (city, "Coordination", "Municipal prevention policy; chairs the case consultation.",
         "Convenes the partners; keeps the plan and its monitoring; answers hate incidents.",
         []),
        (schools, "Education and early signals", "Education and the welfare of pupils.",
         "Citizenship and critical-thinking workshops; signals to the case consultation.",
         b.people("Head teacher, Secondary schools of Sarcelles")),
        (reception, "Welcome of refugee families", "Social work with newly arrived refugees.",
         "Housing, papers and French classes; links families with associations.",
         b.people("Social worker, Reception service for newly arrived refugees")),
        (mentoring, "Mentoring", "Pilot project funded by the state prevention fund.",
         "Matches and supports mentoring pairs; reports to the case consultation.", []),
        (football, "Youth activities", "Amateur sports club.",
         "Brings young people to the mentoring pilot; hosts workshops.",
         b.people("Youth coach, Local football club")),
        (mothers, "Family support", "Volunteer association.",
         "Early notice of isolation; accompanies families to the services.",
         b.people("Coordinator, Neighbourhood mothers' association")),
    ):
        b.add(PartnerRole, v1, organisation=org, role=role, mandate=mandate, tasks=tasks,
              people=people)
    b.add(SharedInformation, v1, information="Situation of a young person followed",
          held_by=city, shared_with="Members of the case consultation only",
          rules="Need-to-know, for the follow-up only; the young person's family is told "
                "unless this puts someone at risk; notes are kept by the coordinator.")
    b.add(SharedInformation, v1, information="Hate incidents reported", held_by=synagogue,
          shared_with="The coordinator and the police",
          rules="Shared the same day so that the city can answer; victims' names only with "
                "their consent.")
    b.add(SharedInformation, v1, information="Attendance at the annual training", held_by=centre,
          shared_with="All partners", rules="Names of participants and their organisation.")

    # 7. Interventions.
    training = b.add(Intervention, v1, title="Annual training of the partners' professionals",
                     responsible=centre, target_group="Professionals of all partners",
                     prevention_level=SPEC, goal=goals["training"],
                     description="Radicalisation, its signs and indicators, and the values of the "
                                 "Republic and citizenship; given with the partners as speakers.")
    ind = b.add(Indicator, v1, intervention=training, kind=OUT, description="Professionals trained",
                unit="people a year", baseline=Decimal(85), target=Decimal(120))
    b.measure(ind, (700, 85), (335, 112))
    ind = b.add(Indicator, v1, intervention=training, kind=IMP,
                description="Trained professionals who feel able to recognise signs and know "
                            "whom to call", unit="%", baseline=Decimal(40), target=Decimal(80),
                measure_every_days=180)  # a survey every half year: one is late
    b.measure(ind, (690, 55), (330, 71))

    mentor = b.add(Intervention, v1, title="Mentoring pilot", responsible=mentoring,
                   target_group="Young people aged 15 to 25 at risk of social isolation",
                   prevention_level=SPEC, goal=goals["mentoring"],
                   description="A trained volunteer mentor meets the young person every week "
                               "for a year.")
    ind = b.add(Indicator, v1, intervention=mentor, kind=OUT, description="Young people mentored",
                unit="a year", target=Decimal(10))
    b.measure(ind, (500, 6), (140, 9))
    ind = b.add(Indicator, v1, intervention=mentor, kind=IMP,
                description="Mentees in school, training or work after twelve months", unit="%",
                target=Decimal(60))
    b.measure(ind, (140, 56))

    follow = b.add(Intervention, v1, title="Multidisciplinary follow-up of young people",
                   responsible=city, prevention_level=INDIV, goal=goals["follow_up"],
                   target_group="Young people detected in a phase of indoctrination or social "
                                "isolation",
                   description="A case consultation every two weeks with the prefecture's cell, "
                               "the schools and social work; a plan per young person.")
    ind = b.add(Indicator, v1, intervention=follow, kind=OUT, description="Young people followed",
                unit="at year end")
    b.measure(ind, (700, 7), (335, 9))
    ind = b.add(Indicator, v1, intervention=follow, kind=IMP,
                description="Young people whose family, school or work links are restored at "
                            "case closure", unit="%", target=Decimal(70))
    b.measure(ind, (335, 63))

    coexist = b.add(Intervention, v1, title="#CoexistSarcelles counter-speech", responsible=city,
                    target_group="Young people online; all residents", prevention_level=GEN,
                    goal=goals["resilience"],
                    description="A website and active social media accounts defending the "
                                "republican vision of the partners, with videos made by young "
                                "people.")
    ind = b.add(Indicator, v1, intervention=coexist, kind=OUT,
                description="Posts and videos co-written with communities", unit="a year",
                target=Decimal(40))
    b.measure(ind, (700, 18), (335, 31))
    ind = b.add(Indicator, v1, intervention=coexist, kind=IMP,
                description="Young people surveyed who say the campaign changed how they talk "
                            "about other groups", unit="%", target=Decimal(30))
    b.measure(ind, (335, 22))

    answer = b.add(Intervention, v1, title="Answer to racist and antisemitic incidents",
                   responsible=city, target_group="Residents targeted by hate incidents",
                   prevention_level=GEN, goal=goals["hate"],
                   description="Graffiti removed within 48 hours; a visit by the city and a "
                               "partner within a week; a public statement when needed.")
    ind = b.add(Indicator, v1, intervention=answer, kind=OUT,
                description="Incidents answered within a week", unit="%", target=Decimal(90))
    b.measure(ind, (700, 64), (335, 82))
    ind = b.add(Indicator, v1, intervention=answer, kind=IMP,
                description="Residents who say they would report a hate incident", unit="%",
                baseline=Decimal(35), target=Decimal(60))
    b.measure(ind, (335, 44))

    workshops = b.add(Intervention, v1, title="Citizenship and critical-thinking workshops",
                      responsible=schools, target_group="Pupils aged 11 to 18",
                      prevention_level=GEN, goal=goals["resilience"],
                      description="Workshops on online information, conspiracy narratives and "
                                  "living together, with the partners as guests.")
    ind = b.add(Indicator, v1, intervention=workshops, kind=OUT, description="Classes reached",
                unit="a school year", target=Decimal(60))
    b.measure(ind, (600, 38), (240, 52))
    ind = b.add(Indicator, v1, intervention=workshops, kind=IMP,
                description="Pupils who can tell a reliable source from propaganda (test before "
                            "and after)", unit="%", baseline=Decimal(48), target=Decimal(70))
    b.measure(ind, (240, 61))

    # Consultation and approval (version 1), then the draft successor (version 2).
    _approve(b, v1, reference="Deliberation 2025-047 of the municipal council", days_ago=300)
    v2 = services.new_draft_from(v1, by=b.coordinator)
    _sarcelles_changes(b, v2)
    if b.coordinator is not None and assyro is not None:
        services.open_sections(v2, [1, 6], [assyro], by=b.coordinator)
        if b.portal is not None and services.can_comment(b.portal, v2, 6):
            comment = services.add_comment(
                v2, 6, b.portal,
                "Could the association have a seat in the monthly partners' meeting? Families "
                "ask us first when they are worried about a young person.")
            services.add_comment(
                v2, 6, b.coordinator,
                "Yes: we propose a seat from the next meeting, and will add the association to "
                "the roles of the partners.", parent=comment)
    return plan


def _sarcelles_changes(b: _Builder, v2: ActionPlanVersion) -> None:
    """What changed since the adoption: new measurements, a new goal and intervention for the
    refugees, a higher training target, and an updated extent."""
    v2.analysis_extent = v2.analysis_extent.replace(
        "About 350 refugees arrived in recent months.",
        "About 350 refugees arrived in recent months; the reception service now follows 410.")
    v2.save()
    refugees = b.add(Goal, v2, description="Welcome recently arrived refugees into the local "
                                           "networks", scope=GoalScope.GENERAL,
                     prevention_level=GEN)
    b.add(Intervention, v2, title="Welcome circles for refugee families",
                    responsible=b.org("Reception service for newly arrived refugees"),
                    target_group="Refugee families arrived in the last two years",
                    prevention_level=GEN, goal=refugees,
                    description="Monthly circles hosted by associations, with French practice "
                                "and an introduction to the city's services.")
    training = Indicator.objects.filter(version=v2, description="Professionals trained").first()
    if training is not None:
        training.target = Decimal(150)
        training.save()
        b.measure(training, (20, 131))


def _approve(b: _Builder, version, reference, days_ago):
    """Send to consultation and approve through the services when the demo users exist."""
    approved_at = timezone.now() - timedelta(days=days_ago)
    if b.coordinator is not None and b.admin is not None:
        services.send_to_consultation(version, b.coordinator)
        version.refresh_from_db()
        version.sent_to_consultation_at = approved_at - timedelta(days=45)
        version.save()
        services.approve(version, b.admin, reference, approved_at=approved_at)
    else:
        version.state = VersionState.APPROVED
        version.approved_at = approved_at
        version.council_decision_reference = reference
        version.save()


# Vilvoorde --------------------------------------------------------------------------------

def _vilvoorde(b: _Builder, title: str) -> ActionPlan:
    """A draft in preparation: political support, the roles of the partners, information
    sharing and indicators are still missing (the completeness check says so)."""
    plan, v1 = services.create_plan(b.municipality, title, by=b.coordinator)
    city = b.org("City of Vilvoorde, local coordination")
    schools = b.org("Secondary schools of Vilvoorde")
    youth = b.org("Youth service of the city of Vilvoorde")
    mosque = b.org("Mosque association of Vilvoorde")
    parents = b.org("Parents' circle")

    v1.analysis_extent = (
        "Vilvoorde has 42,000 inhabitants and grows by 1.5 % a year; 25 % are of non-Belgian "
        "origin and 40 % of the minors. Unemployment and school drop-out are high and public "
        "infrastructure is short. Close to Brussels and Antwerp, the city has metropolitan "
        "problems.\n\nEvery resident of Vilvoorde knows someone who left for Syria or is at "
        "risk of radicalisation: the impact on the city is very high."
    )
    v1.analysis_risks = ("Young people without school or work; families left behind after a "
                         "departure; distrust between residents and institutions.")
    v1.signs_religious = ("Departures of young people to Syria in recent years; recruiters "
                          "approached young people in the neighbourhoods.")
    v1.urgency = Urgency.HIGH
    v1.urgency_explanation = "The departures have touched the whole city; families still ask " \
                             "for support."
    v1.vision = ("A plan for warmth and safety: families and professionals notice early when a "
                 "young person is at risk and know whom to call; the city is present in every "
                 "community, not only in times of crisis.")
    v1.coordination_process = (
        "Step 1: individual outreach to each organisation. Step 2: homogeneous groups per sector "
        "(schools, youth work, social work), trained on awareness, signals and context. Step 3: "
        "a heterogeneous group of all multi-agency partners.")
    v1.overall_coordinator = "The local coordinator"
    v1.coordinator_organisation = city
    v1.save()

    for text in ("High unemployment and school drop-out", "40 % of the population are minors",
                 "Distrust between residents and institutions"):
        b.add(AnalysisFactor, v1, kind=FactorKind.RISK, description=text)
    for text in ("Parents who support each other", "An open door at the mosque"):
        b.add(AnalysisFactor, v1, kind=FactorKind.PROTECTIVE, description=text)
    b.add(AnalysisSource, v1, kind=SourceKind.FRONTLINE_STAFF,
          description="Pupil counsellors, street workers and family counsellors")
    b.add(InsideHelper, v1, who="The parents' circle", organisation=parents,
          contribution="Parents, some with a child who left, who support other families.")
    b.add(FigureTable, v1, title="Vilvoorde in figures", columns=["Figure", "Value"], rows=[
        ["Inhabitants", "42,000"], ["Growth a year", "1.5 %"],
        ["Of non-Belgian origin", "25 %"], ["Minors of non-Belgian origin", "40 %"],
    ], source_note="RAN LOCAL, \"How to create local networks?\" (practice of Vilvoorde)")

    b.add(ProtectionAim, v1, who="Young people", against_what="recruitment")
    b.add(ProtectionAim, v1, who="Families", against_what="isolation after a departure")
    signals = b.add(Goal, v1,
                    description="Professionals recognise signals early and know whom to call",
                    scope=GoalScope.SPECIFIC, prevention_level=SPEC)
    b.add(Goal, v1, description="The city is present in every community, also outside crises",
          scope=GoalScope.GENERAL, prevention_level=GEN)

    b.add(Definition, v1, term="radicalisation",
          local_definition="A process in which a young person comes to accept violence for "
                           "an ideological goal.", local_wording="warmth and safety")
    b.add(Definition, v1, term="polarisation",
          local_definition="Us-and-them thinking that pushes groups apart.")

    for org, reason, aim in (
        (schools, "Pupil counsellors see the first signals.", "Training and early signals."),
        (youth, "Street workers reach young people outside school.", "Presence in the "
                                                                      "neighbourhoods."),
        (mosque, "Its open door and after-chat connect the city to the informal network.",
         "Trust; a channel to families."),
    ):
        b.add(KeyOrganisation, v1, organisation=org, reason=reason, aim=aim)

    b.add(SharedSubGoal, v1, description="No family stays alone after a departure")
    b.add(Intervention, v1, title="Training of the homogeneous groups on awareness, signals and "
                                  "context", responsible=city,
          target_group="Professionals of schools, youth work and social work",
          prevention_level=SPEC, goal=signals)
    return plan
