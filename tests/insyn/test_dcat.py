"""The DCAT-AP-SE description (/api/v1/dcat.rdf): RDF/XML the national data portal can harvest, with the
properties DCAT-AP-SE requires of the catalogue, its publisher, the datasets, their distributions and
the data service, and the recommended ones we can state (contact point, theme, licence, language)."""

from __future__ import annotations

import datetime

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from insyn import public
from insyn.api.dcat import CC0, NS, THEME
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

RDF_ABOUT = f"{{{NS['rdf']}}}about"
RDF_RESOURCE = f"{{{NS['rdf']}}}resource"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


@pytest.fixture
def graph(client, settings):
    settings.PUBLIC_CONTACT_EMAIL = "kommun@ange.se"
    OrgUnitFactory(name="Ånge kommun", kind="kommun", parent=None, kolada_code="2260", cost_centre="")
    response = client.get(reverse("api:dcat"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    return ElementTree.fromstring(response.content)


def nodes(graph, kind: str) -> dict:
    return {node.get(RDF_ABOUT): node for node in graph.findall(q(kind))}


def resource(node, prop: str) -> str:
    found = node.find(q(prop))
    assert found is not None, prop
    return found.get(RDF_RESOURCE)


def resources(node, prop: str) -> list[str]:
    return [found.get(RDF_RESOURCE) for found in node.findall(q(prop))]


def swedish_text(node, prop: str) -> str:
    found = node.find(q(prop))
    assert found is not None, prop
    assert found.get(XML_LANG) == "sv"
    assert found.text.strip()
    return found.text


class TestCatalog:
    def test_the_catalog_has_its_mandatory_and_recommended_properties(self, graph):
        [catalog] = nodes(graph, "dcat:Catalog").values()
        assert "Ånge kommun" in swedish_text(catalog, "dcterms:title")
        swedish_text(catalog, "dcterms:description")
        assert resource(catalog, "dcterms:publisher") in nodes(graph, "foaf:Agent")
        assert resource(catalog, "dcterms:license") == CC0
        assert resource(catalog, "dcterms:language").endswith("/language/SWE")
        assert resource(catalog, "foaf:homepage").startswith("http://testserver/")
        modified = catalog.find(q("dcterms:modified")).text
        assert datetime.datetime.fromisoformat(modified).timestamp() == int(public.generation())
        assert set(resources(catalog, "dcat:dataset")) == set(nodes(graph, "dcat:Dataset"))
        assert resources(catalog, "dcat:service") == list(nodes(graph, "dcat:DataService"))

    def test_the_publisher_is_the_municipality_a_local_authority(self, graph):
        [agent] = nodes(graph, "foaf:Agent").values()
        assert agent.find(q("foaf:name")).text == "Ånge kommun"
        assert resource(agent, "dcterms:type") == "http://purl.org/adms/publishertype/LocalAuthority"

    def test_the_contact_point_has_a_name_an_address_and_a_page(self, graph):
        [card] = nodes(graph, "vcard:Organization").values()
        assert card.find(q("vcard:fn")).text == "Ånge kommun"
        assert resource(card, "vcard:hasEmail") == "mailto:kommun@ange.se"
        assert resource(card, "vcard:hasURL").startswith("http://testserver/")

    def test_without_a_contact_address_the_contact_point_is_the_public_pages(self, client, settings):
        settings.PUBLIC_CONTACT_EMAIL = ""
        graph = ElementTree.fromstring(client.get(reverse("api:dcat")).content)
        [card] = nodes(graph, "vcard:Organization").values()
        assert card.find(q("vcard:hasEmail")) is None
        assert resource(card, "vcard:hasURL").startswith("http://testserver/")


class TestDatasets:
    def test_one_dataset_per_resource_with_the_mandatory_and_recommended_properties(self, graph):
        datasets = nodes(graph, "dcat:Dataset")
        assert len(datasets) == 11
        agents, cards = nodes(graph, "foaf:Agent"), nodes(graph, "vcard:Organization")
        for dataset in datasets.values():
            swedish_text(dataset, "dcterms:title")
            swedish_text(dataset, "dcterms:description")
            assert resource(dataset, "dcterms:publisher") in agents
            assert resource(dataset, "dcat:contactPoint") in cards
            assert resource(dataset, "dcat:theme") == THEME
            assert resource(dataset, "dcterms:accrualPeriodicity").endswith("/frequency/IRREG")
            assert len(resources(dataset, "dcat:distribution")) == 2

    def test_each_distribution_reaches_the_api_as_json_or_csv(self, graph, client):
        distributions = nodes(graph, "dcat:Distribution")
        assert len(distributions) == 22
        for distribution in distributions.values():
            assert resource(distribution, "dcterms:license") == CC0
            media_type = resource(distribution, "dcat:mediaType").removeprefix(
                "https://www.iana.org/assignments/media-types/"
            )
            file_type = resource(distribution, "dcterms:format").rsplit("/", 1)[1]
            assert (media_type, file_type) in {("application/json", "JSON"), ("text/csv", "CSV")}
            response = client.get(resource(distribution, "dcat:downloadURL"))
            assert response.status_code == 200
            assert response["Content-Type"].startswith(media_type)
            assert client.get(resource(distribution, "dcat:accessURL")).status_code == 200

    def test_the_data_service_is_the_api_described_by_its_openapi_schema(self, graph, client):
        [service] = nodes(graph, "dcat:DataService").values()
        swedish_text(service, "dcterms:title")
        assert resource(service, "dcat:endpointURL") == "http://testserver/api/v1/"
        description = resource(service, "dcat:endpointDescription")
        assert description == "http://testserver/api/v1/openapi.json"
        assert client.get(description).json()["openapi"].startswith("3.")
        assert set(resources(service, "dcat:servesDataset")) == set(nodes(graph, "dcat:Dataset"))
