"""The API's datasets described by DCAT-AP-SE, in RDF/XML, for the national open data portal to harvest.

A catalogue (dcat:Catalog) published by the municipality (foaf:Agent), one dataset (dcat:Dataset) per
resource of the API, each with two distributions (JSON and CSV) served by the API (dcat:DataService,
its OpenAPI schema as the endpoint description). DCAT-AP-SE requires title, description and publisher
of the catalogue and the datasets, an access URL of each distribution, a title and an endpoint URL of
the data service and a name of the publisher; the recommended properties are given too: contact
point, theme (the EU vocabulary's GOVE), licence (CC0 1.0), language, modification date (the
generation), update frequency, format and media type. Addresses are absolute, built from the request.
"""

from __future__ import annotations

import datetime
from xml.etree import ElementTree as ET

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from insyn import public
from insyn.api.views import RESOURCES
from organisation.models import OrgUnit

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EU = "http://publications.europa.eu/resource/authority"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
THEME = f"{EU}/data-theme/GOVE"
LANGUAGE = f"{EU}/language/SWE"
PUBLIC_ACCESS = f"{EU}/access-right/PUBLIC"
FREQUENCY = f"{EU}/frequency/IRREG"  # a new adoption, an indicator's new values: no fixed rhythm
AVAILABILITY = f"{EU}/planned-availability/STABLE"
LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"
FORMATS = {
    "json": ("application/json", f"{EU}/file-type/JSON"),
    "csv": ("text/csv", f"{EU}/file-type/CSV"),
}

for prefix, uri in NS.items():
    ET.register_namespace(prefix, uri)


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


class Graph:
    """RDF/XML written as typed nodes: `node(type, about)` and properties below it."""

    def __init__(self) -> None:
        self.root = ET.Element(q("rdf:RDF"))

    def node(self, kind: str, about: str) -> ET.Element:
        return ET.SubElement(self.root, q(kind), {q("rdf:about"): about})

    @staticmethod
    def text(
        node: ET.Element, prop: str, value: str, *, lang: str | None = "sv", datatype: str | None = None
    ):
        attributes = {XML_LANG: lang} if lang and not datatype else {}
        if datatype:
            attributes[q("rdf:datatype")] = f"{NS['xsd']}{datatype}"
        ET.SubElement(node, q(prop), attributes).text = value

    @staticmethod
    def link(node: ET.Element, prop: str, resource: str) -> None:
        ET.SubElement(node, q(prop), {q("rdf:resource"): resource})

    def to_bytes(self) -> bytes:
        ET.indent(self.root)
        return ET.tostring(self.root, encoding="utf-8", xml_declaration=True)


def municipality_name() -> str:
    root = OrgUnit.objects.filter(kind=OrgUnit.Kind.MUNICIPALITY, parent=None).values_list("name", flat=True)
    return root.first() or _("The municipality")


def homepage(request: HttpRequest) -> str:
    """Insyn's start page, the public face of the data."""
    return request.build_absolute_uri(reverse("insyn:start"))


def build(request: HttpRequest) -> bytes:
    """The catalogue as RDF/XML bytes."""
    here = request.build_absolute_uri(reverse("api:dcat"))
    api = request.build_absolute_uri(reverse("api:root"))
    modified = datetime.datetime.fromtimestamp(int(public.generation()), tz=datetime.UTC).isoformat()
    name = municipality_name()
    publisher, contact, service = f"{here}#publisher", f"{here}#contact", f"{here}#api"
    graph = Graph()

    catalog = graph.node("dcat:Catalog", f"{here}#catalog")
    graph.text(catalog, "dcterms:title", _("Open data on the governance of %(name)s") % {"name": name})
    graph.text(
        catalog,
        "dcterms:description",
        _(
            "What %(name)s's bodies have adopted: goals with indicators, operational plans with "
            "activities, budgets, follow-up rounds, the annual wheel, governing documents and reports."
        )
        % {"name": name},
    )
    graph.link(catalog, "dcterms:publisher", publisher)
    graph.link(catalog, "foaf:homepage", homepage(request))
    graph.link(catalog, "dcterms:language", LANGUAGE)
    graph.link(catalog, "dcterms:license", CC0)
    graph.text(catalog, "dcterms:modified", modified, datatype="dateTime")
    graph.link(catalog, "dcat:themeTaxonomy", f"{EU}/data-theme")
    for prefix, _view in RESOURCES:
        graph.link(catalog, "dcat:dataset", f"{here}#dataset-{prefix}")
    graph.link(catalog, "dcat:service", service)

    agent = graph.node("foaf:Agent", publisher)
    graph.text(agent, "foaf:name", name, lang=None)
    graph.link(agent, "dcterms:type", LOCAL_AUTHORITY)

    card = graph.node("vcard:Organization", contact)
    graph.text(card, "vcard:fn", name, lang=None)
    if settings.PUBLIC_CONTACT_EMAIL:
        graph.link(card, "vcard:hasEmail", f"mailto:{settings.PUBLIC_CONTACT_EMAIL}")
    graph.link(card, "vcard:hasURL", homepage(request))

    data_service = graph.node("dcat:DataService", service)
    graph.text(data_service, "dcterms:title", _("Open data API"))
    graph.text(
        data_service,
        "dcterms:description",
        _(
            "A read-only JSON and CSV API, paginated and filterable by year, described by its OpenAPI 3 "
            "schema."
        ),
    )
    graph.link(data_service, "dcat:endpointURL", api)
    graph.link(data_service, "dcat:endpointDescription", request.build_absolute_uri(reverse("api:schema")))
    graph.link(data_service, "dcterms:publisher", publisher)
    graph.link(data_service, "dcat:contactPoint", contact)
    graph.link(data_service, "dcterms:license", CC0)
    graph.link(data_service, "dcterms:accessRights", PUBLIC_ACCESS)
    for prefix, _view in RESOURCES:
        graph.link(data_service, "dcat:servesDataset", f"{here}#dataset-{prefix}")

    for prefix, view in RESOURCES:
        dataset = graph.node("dcat:Dataset", f"{here}#dataset-{prefix}")
        graph.text(dataset, "dcterms:title", str(view.title))
        graph.text(dataset, "dcterms:description", str(view.about))
        graph.link(dataset, "dcterms:publisher", publisher)
        graph.link(dataset, "dcat:contactPoint", contact)
        graph.link(dataset, "dcat:theme", THEME)
        graph.link(dataset, "dcterms:language", LANGUAGE)
        graph.link(dataset, "dcterms:accessRights", PUBLIC_ACCESS)
        graph.link(dataset, "dcterms:accrualPeriodicity", FREQUENCY)
        graph.text(dataset, "dcterms:modified", modified, datatype="dateTime")
        graph.link(dataset, "dcat:landingPage", homepage(request))
        url = request.build_absolute_uri(reverse(f"api:{prefix}-list"))
        for fmt, (media_type, file_type) in FORMATS.items():
            about = f"{here}#dataset-{prefix}-{fmt}"
            graph.link(dataset, "dcat:distribution", about)
            distribution = graph.node("dcat:Distribution", about)
            graph.text(distribution, "dcterms:title", f"{view.title} ({fmt.upper()})")
            graph.text(
                distribution,
                "dcterms:description",
                _("Pages of up to 500 rows (page, page_size); filter by year with year."),
            )
            graph.link(distribution, "dcat:accessURL", url)
            graph.link(distribution, "dcat:downloadURL", f"{url}?format={fmt}")
            graph.link(distribution, "dcterms:format", file_type)
            graph.link(
                distribution, "dcat:mediaType", f"https://www.iana.org/assignments/media-types/{media_type}"
            )
            graph.link(distribution, "dcterms:license", CC0)
            graph.link(distribution, "dcatap:availability", AVAILABILITY)
            graph.link(distribution, "dcat:accessService", service)
    return graph.to_bytes()


@require_http_methods(["GET", "HEAD", "OPTIONS"])  # OPTIONS: a CORS preflight
def catalog(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP-SE description of the open data (RDF/XML), at a stable address."""
    return HttpResponse(build(request), content_type="application/rdf+xml; charset=utf-8")
