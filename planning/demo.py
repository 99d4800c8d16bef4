"""Demo operational plans: KS's adopted plan for 2026 with its activities, and 2027's draft rolled over.

As in an election year's late November: the 2026 plan is adopted and followed up (some activities done
on time, some late, some going, some not started, one or two cancelled), the units have added their own
activities, and next year's draft has been started from this year's plan. The activities are made up
for the demo, written as Ånge's administration would: each serves the KS goal it sits under and is
carried by a unit whose work it is. Each is created, adopted and followed up on a plausible working day
by the user who would have done it (see organisation.demo.dated).
"""

from __future__ import annotations

import datetime

from goals.models import AnnualGoal
from organisation.demo import at, dated, unit_heads, working_day
from organisation.models import Body, Decision, Meeting, OrgUnit, User
from organisation.roles import Role
from planning import services
from planning.models import Activity, OperationalPlan

MISSION = (
    "Kommunstyrelsen leder och samordnar kommunens verksamhet och har uppsikt över övriga nämnder och "
    "de helägda bolagen. Kommunstyrelsen ansvarar för förvaltningens verksamheter inom barn och "
    "utbildning, vård och omsorg, individ- och familjeomsorg samt samhällsbyggnad."
)
MODEL_SUMMARY = (
    "Styrmodellen (KS 22/327) leder från visionen via kommunfullmäktiges mål för mandatperioden till "
    "kommunstyrelsens mål för året. Verksamhetsplanen bryter ner kommunstyrelsens mål i aktiviteter med "
    "tidsplan. Ett mål utan eget mått är uppnått när flertalet av planens aktiviteter har genomförts "
    "enligt plan."
)
# The demo's "today": the last follow-up before KS's December meeting.
TODAY = datetime.date(2026, 11, 26)
PLAN_ADOPTED = datetime.date(2025, 11, 4)

ASSIGNMENT, PROJECT, INITIATIVE, START = "uppdrag", "projekt", "satsning", "initiering"
DONE, GOING, WAITING, CANCELLED = (
    Activity.Status.DONE,
    Activity.Status.IN_PROGRESS,
    Activity.Status.NOT_STARTED,
    Activity.Status.CANCELLED,
)

# Per KS goal (in the order of goals.demo.ANNUAL_GOALS): (unit, kind, title, description, start,
# planned end, status, completed on, progress comment).
PLAN_ACTIVITIES: list[list[tuple]] = [
    # Fler elever ska bli behöriga till gymnasiet
    [
        (
            "1240",
            START,
            "Införa gemensam rutin för tidiga insatser vid frånvaro i grundskolan",
            "Elevhälsan tar fram en rutin för hur skolorna agerar när en elevs frånvaro passerar tio "
            "procent, med ansvar och tidsgränser för varje steg.",
            "2026-01-12",
            "2026-05-29",
            DONE,
            "2026-05-20",
            "Rutinen gäller från vårterminens slut och är presenterad på båda skolornas arbetsplatsträffar.",
        ),
        (
            "1220",
            INITIATIVE,
            "Erbjuda lovskola i matematik och svenska för elever i årskurs 8 och 9",
            "Lovskola på sommarlovet och höstlovet för elever som riskerar att inte nå godtagbara "
            "kunskaper i ämnen som krävs för gymnasiebehörighet.",
            "2026-03-02",
            "2026-11-06",
            DONE,
            "2026-11-06",
            "Sommarlovsskolan hade 34 elever och höstlovsskolan 21. 17 elever nådde godtagbart betyg i "
            "minst ett ämne.",
        ),
        (
            "1230",
            PROJECT,
            "Starta studieverkstad efter skoltid på Fränsta skola",
            "Läxhjälp och studiestöd två eftermiddagar i veckan med lärare från skolan, öppen för elever "
            "i årskurs 6–9.",
            "2026-01-19",
            "2026-03-31",
            DONE,
            "2026-04-20",
            "Startade efter påsklovet i stället för i mars, eftersom det tog tid att lösa lärartimmarna. "
            "Ett tjugotal elever deltar varje vecka.",
        ),
        (
            "1220",
            ASSIGNMENT,
            "Genomföra kollegial sambedömning i de behörighetsgivande ämnena i årskurs 7–9",
            "Lärarna bedömer elevarbeten tillsammans i svenska, engelska och matematik för en mer "
            "likvärdig betygssättning.",
            "2026-02-02",
            "2026-06-12",
            DONE,
            "2026-06-10",
            "Genomfört i alla tre ämnena. Sambedömningen av de nationella proven fortsätter som ordinarie "
            "arbetssätt.",
        ),
        (
            "1240",
            ASSIGNMENT,
            "Ta fram individuella planer för elever med långvarig frånvaro",
            "Elevhälsan kartlägger elever med mer än 30 procent frånvaro och gör planer tillsammans med "
            "vårdnadshavare och socialtjänsten.",
            "2026-03-02",
            "2026-09-30",
            GOING,
            None,
            "Kartläggningen är klar och planer finns för 11 av 14 elever. Samverkan med socialtjänsten "
            "har dröjt på grund av vakanser där.",
        ),
        (
            "1220",
            PROJECT,
            "Införa digitalt stöd för mentorernas uppföljning av kunskapsresultat",
            "Ett gemensamt verktyg där mentorerna följer varje elevs resultat i de behörighetsgivande "
            "ämnena inför varje betygssättning.",
            "2026-04-01",
            "2026-10-30",
            DONE,
            "2026-10-28",
            "Verktyget används av alla mentorer i årskurs 7–9 på båda skolorna från höstterminen.",
        ),
        (
            "1230",
            INITIATIVE,
            "Utöka studie- och yrkesvägledningen i årskurs 8 och 9",
            "Studie- och yrkesvägledaren får 20 procent mer tid för att möta eleverna tidigare inför "
            "gymnasievalet.",
            "2026-08-17",
            "2027-01-29",
            GOING,
            None,
            "Tjänsten är utökad från augusti. Samtal med alla elever i årskurs 9 är genomförda, årskurs 8 "
            "återstår.",
        ),
        (
            "1210",
            START,
            "Införa språkutvecklande arbetssätt i förskolan för barn med annat modersmål",
            "Förskolan inför ett gemensamt arbetssätt för språkutveckling, som grund för goda "
            "skolresultat senare.",
            "2026-02-02",
            "2026-12-18",
            GOING,
            None,
            "Arbetssättet är infört på fyra av sex förskolor. De två sista följer i december.",
        ),
        (
            "1240",
            ASSIGNMENT,
            "Genomföra överlämningssamtal mellan årskurs 6 och 7 för elever i behov av stöd",
            "Mentor, speciallärare och elevhälsa från båda stadierna går igenom varje elevs stöd inför "
            "skolbytet.",
            "2026-04-06",
            "2026-08-14",
            DONE,
            "2026-06-05",
            "Samtal är genomförda för alla 23 elever med stödinsatser inför skolstarten i augusti.",
        ),
    ],
    # Förskolan ska ha fler legitimerade förskollärare
    [
        (
            "1210",
            START,
            "Kartlägga förskollärarnas behörighet och väntade pensionsavgångar",
            "Underlag för rekryteringsbehovet de kommande fem åren: legitimation, tjänstgöringsgrad och "
            "pensionsavgångar per förskola.",
            "2026-01-12",
            "2026-03-13",
            DONE,
            "2026-03-10",
            "Kartläggningen visar att 14 förskollärare går i pension före 2031. Underlaget är lämnat till "
            "HR-enheten.",
        ),
        (
            "1210",
            INITIATIVE,
            "Erbjuda barnskötare att studera till förskollärare på betald arbetstid",
            "Två barnskötare per år läser den arbetsintegrerade förskollärarutbildningen vid "
            "Mittuniversitetet med halva studietiden på arbetstid.",
            "2026-02-02",
            "2026-08-31",
            DONE,
            "2026-08-24",
            "Två barnskötare har börjat utbildningen höstterminen 2026.",
        ),
        (
            "1210",
            PROJECT,
            "Ta fram rekryteringsfilm och annonsmaterial för förskollärare",
            "Material som visar arbetet i Ånges förskolor, för annonser, sociala medier och mässor, "
            "tillsammans med kommunikatörerna.",
            "2026-02-16",
            "2026-04-30",
            DONE,
            "2026-06-12",
            "Klart i juni i stället för april, eftersom inspelningen flyttades till efter påsk.",
        ),
        (
            "1210",
            ASSIGNMENT,
            "Införa mentorskap för nyanställda förskollärare",
            "Varje nyanställd förskollärare får en erfaren kollega som mentor under första året.",
            "2026-03-02",
            "2026-06-30",
            DONE,
            "2026-06-15",
            "Sex mentorspar är i gång. Mentorerna följs upp i december.",
        ),
        (
            "1210",
            ASSIGNMENT,
            "Se över arbetsfördelningen mellan förskollärare och barnskötare",
            "Ett tydligare ansvar för undervisningen ska göra tjänsterna mer attraktiva och ge "
            "förskollärarna tid för planering.",
            "2026-03-16",
            "2026-09-30",
            GOING,
            None,
            "Förslaget är klart men den fackliga samverkan pågår. Beslut väntas i december.",
        ),
        (
            "1210",
            INITIATIVE,
            "Ta emot förskollärarstudenter för verksamhetsförlagd utbildning",
            "Förskolan tar emot studenter från Mittuniversitetet och deltar på arbetsmarknadsdagarna i "
            "Sundsvall.",
            "2026-01-19",
            "2026-11-30",
            GOING,
            None,
            "Åtta studenter har gjort sin praktik hos oss i år. Två har visat intresse för anställning.",
        ),
        (
            "1210",
            START,
            "Utreda gemensam ledning för förskolorna i Fränsta och Ljungaverk",
            "Förslaget ska ge förskolecheferna bättre förutsättningar att leda undervisningen och stötta "
            "förskollärarna.",
            "2026-05-04",
            "2026-10-16",
            DONE,
            "2026-10-09",
            "Utredningen är redovisad för barn- och utbildningsutskottet i oktober.",
        ),
        (
            "1210",
            INITIATIVE,
            "Införa avsatt planeringstid för förskollärare på alla förskolor",
            "Fyra timmar i veckan för att planera, följa upp och utveckla undervisningen.",
            "2026-08-17",
            "2027-02-26",
            GOING,
            None,
            "Infört på fem av sju förskolor. Vikarietäckningen behöver lösas på de två sista.",
        ),
        (
            "1210",
            PROJECT,
            "Validera erfarna barnskötares kunskaper tillsammans med vuxenutbildningen",
            "Valideringen ger barnskötare med lång erfarenhet en kortare väg till förskollärarexamen.",
            "2026-09-01",
            "2027-03-31",
            WAITING,
            None,
            "Inte påbörjad. Vuxenutbildningen kan erbjuda valideringen först från januari 2027.",
        ),
    ],
    # Kommunstyrelsens verksamheter håller sin budget
    [
        (
            "1120",
            ASSIGNMENT,
            "Införa månatliga budgetuppföljningsmöten med varje avdelning",
            "Ekonom och avdelningschef går varje månad igenom utfall, prognos och åtgärder vid avvikelse.",
            "2026-01-12",
            "2026-03-31",
            DONE,
            "2026-03-27",
            "Mötena hålls sedan mars. Prognoserna till kommunstyrelsen bygger nu på dem.",
        ),
        (
            "1120",
            PROJECT,
            "Ta fram en modell för resursfördelning till hemtjänsten efter beviljad tid",
            "Hemtjänstens budget ska följa beviljade timmar i stället för föregående års utfall.",
            "2026-02-02",
            "2026-08-31",
            DONE,
            "2026-10-15",
            "Modellen är klar och används i budget 2027. Den blev klar senare än planerat, eftersom "
            "underlaget från verksamhetssystemet behövde rättas.",
        ),
        (
            "1410",
            ASSIGNMENT,
            "Rekrytera fler egna familjehem för att minska köpta placeringar",
            "Egna familjehem ska ersätta köpta platser för barn och unga när det är förenligt med "
            "barnets bästa.",
            "2026-01-19",
            "2026-12-18",
            GOING,
            None,
            "Fyra nya familjehem är utredda och godkända. Kostnaden för köpta placeringar ligger "
            "fortfarande över budget.",
        ),
        (
            "1540",
            INITIATIVE,
            "Minska matsvinnet i skolrestaurangerna",
            "Tallrikssvinnet mäts varje vecka, portionerna anpassas och eleverna deltar genom matråden.",
            "2026-01-12",
            "2026-06-12",
            DONE,
            "2026-06-05",
            "Tallrikssvinnet har minskat från 42 till 31 gram per portion. Mätningen fortsätter som rutin.",
        ),
        (
            "1510",
            PROJECT,
            "Avveckla lokaler som verksamheterna inte behöver",
            "Kommunens lokaler gås igenom; tomma och dåligt nyttjade lokaler sägs upp eller säljs.",
            "2026-02-02",
            "2026-09-30",
            GOING,
            None,
            "Två av fem objekt är sålda. Försäljningen av gamla skolan i Alby har dragit ut på tiden.",
        ),
        (
            "1310",
            PROJECT,
            "Införa digital ruttplanering i hemtjänsten",
            "Ruttplanering i verksamhetssystemet ska minska körtiden och kostnaderna för bilar och övertid.",
            "2026-03-02",
            "2026-10-30",
            DONE,
            "2026-11-13",
            "I drift i alla hemtjänstgrupper sedan mitten av november, två veckor senare än planerat.",
        ),
        (
            "1320",
            ASSIGNMENT,
            "Anpassa bemanningen på särskilt boende efter de boendes vårdbehov",
            "Bemanningen per avdelning ses över med stöd av en gemensam bedömning av vårdbehovet.",
            "2026-04-01",
            "2026-08-31",
            DONE,
            "2026-08-28",
            "Ny bemanning gäller från september. Kostnaden för timvikarier är ungefär 15 procent lägre "
            "än under våren.",
        ),
        (
            "1420",
            START,
            "Analysera ökningen av försörjningsstödet och föreslå åtgärder",
            "Orsakerna till ökningen under 2025 analyseras och insatser föreslås som leder till egen "
            "försörjning.",
            "2026-02-16",
            "2026-05-29",
            DONE,
            "2026-05-26",
            "Analysen är redovisad för socialutskottet i juni. Åtgärderna ingår i höstens plan för "
            "arbetsmarknadsinsatser.",
        ),
        (
            "1110",
            ASSIGNMENT,
            "Samordna inköpen av förbrukningsmaterial i en central beställningsfunktion",
            "Färre beställare och samlade beställningar ska ge bättre priser och följsamhet till avtalen.",
            "2026-09-01",
            "2027-03-31",
            WAITING,
            None,
            "Inte påbörjad. Upphandlaren har varit föräldraledig under hösten; arbetet startar i januari.",
        ),
    ],
    # Företagsklimatet ska förbättras
    [
        (
            "1150",
            ASSIGNMENT,
            "Införa en företagslots för tillstånd och bygglov",
            "En kontaktperson hjälper företag genom kommunens tillståndsprocesser: bygglov, livsmedel och "
            "serveringstillstånd.",
            "2026-01-12",
            "2026-04-30",
            DONE,
            "2026-04-22",
            "Företagslotsen är i gång. 38 företag har fått hjälp sedan starten.",
        ),
        (
            "1520",
            ASSIGNMENT,
            "Korta handläggningstiden för bygglov för verksamhetslokaler",
            "Beslut inom fyra veckor från komplett ansökan, genom förhandskontroll och digital ansökan.",
            "2026-02-02",
            "2026-10-30",
            DONE,
            "2026-10-30",
            "Medianhandläggningstiden var tre veckor i september och oktober.",
        ),
        (
            "1150",
            INITIATIVE,
            "Genomföra företagsfrukostar varannan månad i Ånge, Fränsta och Torpshammar",
            "Kommunledningen informerar och tar emot företagarnas frågor; orterna turas om.",
            "2026-01-19",
            "2026-11-20",
            DONE,
            "2026-11-19",
            "Alla sex frukostar är genomförda med i snitt 35 deltagare.",
        ),
        (
            "1110",
            ASSIGNMENT,
            "Anpassa upphandlingarna så att lokala företag kan lämna anbud",
            "Mindre delområden, enklare kvalificeringskrav och informationsträffar före större "
            "upphandlingar.",
            "2026-02-16",
            "2026-06-30",
            DONE,
            "2026-06-24",
            "Riktlinjen för upphandling är antagen och två informationsträffar för lokala företag är hållna.",
        ),
        (
            "1150",
            START,
            "Ta fram en etableringsstrategi för Ånge kommun",
            "Strategin beskriver mark, lokaler och service som kommunen kan erbjuda företag som vill "
            "etablera sig.",
            "2026-03-02",
            "2026-11-30",
            GOING,
            None,
            "Remissversionen är skickad till näringslivsrådet. Strategin väntas antas av "
            "kommunstyrelsen i februari 2027.",
        ),
        (
            "1520",
            PROJECT,
            "Detaljplanera ny industrimark vid Ånge norra industriområde",
            "Detaljplan för ungefär fem hektar industrimark nära järnvägen och E14.",
            "2026-01-12",
            "2027-06-30",
            GOING,
            None,
            "Planen har varit ute på samråd. Granskning planeras till februari 2027.",
        ),
        (
            "1140",
            PROJECT,
            "Införa e-tjänster för livsmedelsregistrering och serveringstillstånd",
            "Företagen ska kunna söka och följa sitt ärende digitalt.",
            "2026-03-02",
            "2026-09-30",
            DONE,
            "2026-09-25",
            "Båda e-tjänsterna är i drift. 70 procent av ansökningarna i oktober kom in digitalt.",
        ),
        (
            "1150",
            ASSIGNMENT,
            "Besöka kommunens 50 största privata arbetsgivare",
            "Kommunstyrelsens ordförande och kommunchefen fångar företagens behov av kompetens, mark och "
            "service.",
            "2026-02-02",
            "2026-12-11",
            GOING,
            None,
            "41 besök är gjorda. De sista nio är inbokade till början av december.",
        ),
        (
            "1510",
            START,
            "Utreda behovet av lokaler för småföretag med Ånge Industrilokaler AB",
            "Behovet av mindre verkstads- och kontorslokaler utreds tillsammans med bolaget.",
            "2026-04-01",
            "2026-06-30",
            CANCELLED,
            None,
            "Avbruten efter beslut i ledningsgruppen i augusti: frågan tas upp i ägardialogen med "
            "bolaget i stället.",
        ),
    ],
    # Fler ska ta del av kultur- och fritidsutbudet
    [
        (
            "1530",
            INITIATIVE,
            "Öppna fritidsgård i Fränsta två kvällar i veckan",
            "Öppen verksamhet för unga 13–17 år i Folkets hus lokaler, tillsammans med föreningslivet.",
            "2026-01-19",
            "2026-03-31",
            DONE,
            "2026-03-26",
            "Öppet tisdagar och torsdagar sedan mars, i snitt 25 besökare per kväll.",
        ),
        (
            "1530",
            START,
            "Ta fram en handlingsplan för läsfrämjande med biblioteken och skolorna",
            "Biblioteken och skolorna samordnar bokprat, lässatsningar och lovaktiviteter.",
            "2026-02-02",
            "2026-05-29",
            DONE,
            "2026-05-22",
            "Handlingsplanen är klar. Sommarboken hade 210 deltagande barn, 40 fler än förra året.",
        ),
        (
            "1510",
            PROJECT,
            "Rusta upp elljusspåret i Ånge",
            "Ny LED-belysning och bättre underlag på 2,5 kilometer.",
            "2026-04-01",
            "2026-10-30",
            DONE,
            "2026-10-23",
            "Klart före snösäsongen. Belysningen styrs nu efter tid och ljus.",
        ),
        (
            "1530",
            ASSIGNMENT,
            "Se över föreningsbidragen så att fler barn och unga nås",
            "Nya bidragsregler som gynnar aktiviteter för barn och unga och föreningar i hela kommunen.",
            "2026-02-16",
            "2026-09-30",
            GOING,
            None,
            "Förslaget har varit på remiss hos föreningarna. Remissvaren kräver en ny genomgång; beslut "
            "i samhällsbyggnadsutskottet i januari.",
        ),
        (
            "1530",
            INITIATIVE,
            "Genomföra kulturveckor i Torpshammar, Alby och Ljungaverk",
            "Konserter, teater och utställningar med lokala föreningar; kommunen står för marknadsföring "
            "och teknik.",
            "2026-05-04",
            "2026-08-31",
            DONE,
            "2026-08-29",
            "Tre kulturveckor är genomförda med drygt 1 400 besök sammanlagt.",
        ),
        (
            "1530",
            PROJECT,
            "Införa digital bokning av idrottshallar och föreningslokaler",
            "Föreningar och allmänhet ska kunna se lediga tider och boka direkt på kommunens webbplats.",
            "2026-03-02",
            "2026-08-31",
            DONE,
            "2026-10-05",
            "I drift sedan oktober. Införandet försenades av kopplingen till faktureringen.",
        ),
        (
            "1530",
            ASSIGNMENT,
            "Införa meröppet på Ånge bibliotek",
            "Med lånekort och kod kommer besökarna in kvällar och helger när personalen inte är där.",
            "2026-06-01",
            "2026-12-18",
            GOING,
            None,
            "Passersystemet är installerat. Meröppet startar i december när personalen är utbildad.",
        ),
        (
            "1510",
            PROJECT,
            "Förbättra tillgängligheten i Ånge simhall",
            "Ny bassänglyft, ramp vid entrén och anpassade omklädningsrum.",
            "2026-08-03",
            "2027-04-30",
            WAITING,
            None,
            "Upphandlingen av entreprenaden är överprövad. Arbetet kan starta tidigast i februari.",
        ),
    ],
    # Kontinuiteten i hemtjänsten ska öka
    [
        (
            "1310",
            ASSIGNMENT,
            "Införa fasta hemtjänstteam per område i Ånge tätort",
            "Mindre team med ansvar för var sitt område, så att brukarna möter färre personer.",
            "2026-01-12",
            "2026-04-30",
            DONE,
            "2026-04-27",
            "Fyra områdesteam arbetar sedan maj. Antalet personal per brukare under 14 dagar har minskat "
            "från 16 till 13.",
        ),
        (
            "1310",
            ASSIGNMENT,
            "Utse en kontaktperson för varje brukare i hemtjänsten",
            "Kontaktpersonen ansvarar för genomförandeplanen och är brukarens och de anhörigas första "
            "kontakt.",
            "2026-02-02",
            "2026-05-29",
            DONE,
            "2026-05-15",
            "Alla brukare har en namngiven kontaktperson och uppdaterad genomförandeplan.",
        ),
        (
            "1310",
            START,
            "Mäta personalkontinuiteten per brukare varje månad",
            "Verksamhetssystemet visar hur många olika medarbetare varje brukare möter under 14 dagar.",
            "2026-01-19",
            "2026-03-31",
            DONE,
            "2026-03-30",
            "Måttet redovisas varje månad på arbetsplatsträffarna och i delårsrapporten.",
        ),
        (
            "1310",
            PROJECT,
            "Ersätta timvikarier med en gemensam bemanningspool",
            "Tillsvidareanställda i en pool täcker sjukfrånvaro i hemtjänsten och på särskilt boende.",
            "2026-03-02",
            "2026-09-30",
            DONE,
            "2026-11-16",
            "Poolen har åtta medarbetare sedan mitten av november. Rekryteringen tog längre tid än planerat.",
        ),
        (
            "1310",
            INITIATIVE,
            "Utbilda all personal i hemtjänsten i Demens ABC",
            "En gemensam grund gör att brukare med demenssjukdom får ett mer förutsägbart bemötande, "
            "vem som än kommer.",
            "2026-02-16",
            "2026-06-30",
            DONE,
            "2026-06-26",
            "92 procent av medarbetarna har gått utbildningen. Nyanställda går den under introduktionen.",
        ),
        (
            "1310",
            ASSIGNMENT,
            "Lägga scheman så att samma personal besöker brukare med stora behov",
            "Brukare med insatser morgon och kväll ska i första hand mötas av sitt eget team.",
            "2026-05-04",
            "2026-10-30",
            GOING,
            None,
            "Schemat är framtaget men kräver fler heltider. Det införs tillsammans med heltidsarbetet i "
            "januari.",
        ),
        (
            "1310",
            START,
            "Samplanera hemtjänstens och hemsjukvårdens besök hos gemensamma brukare",
            "Gemensam planering ger brukaren färre besök och färre personer att förhålla sig till.",
            "2026-08-17",
            "2027-02-26",
            GOING,
            None,
            "Försök i område Centrum sedan september. Det utvärderas i januari.",
        ),
        (
            "1310",
            ASSIGNMENT,
            "Införa introduktionsprogram för nyanställda i hemtjänsten",
            "Nyanställda går bredvid en erfaren kollega hos samma brukare de första veckorna.",
            "2026-03-16",
            "2026-06-12",
            DONE,
            "2026-06-10",
            "Programmet används för alla nyanställda sedan sommarrekryteringen.",
        ),
    ],
    # Fler anställda ska arbeta heltid
    [
        (
            "1130",
            ASSIGNMENT,
            "Ta fram en handlingsplan för heltid som norm",
            "En plan med de fackliga organisationerna för hur deltidsanställda erbjuds heltid.",
            "2026-01-12",
            "2026-03-31",
            DONE,
            "2026-03-24",
            "Planen är beslutad i ledningsgruppen och samverkad med de fackliga organisationerna.",
        ),
        (
            "1320",
            PROJECT,
            "Införa heltidsscheman på Solgårdens särskilda boende",
            "Alla anställningar utgår från heltid och resurspassen läggs där verksamheten behöver dem.",
            "2026-03-02",
            "2026-09-30",
            DONE,
            "2026-09-28",
            "Alla tillsvidareanställda på Solgården har heltid sedan oktober. Andelen heltid på "
            "boendet ökade från 58 till 89 procent.",
        ),
        (
            "1310",
            PROJECT,
            "Införa heltidsscheman i hemtjänsten",
            "Samma schemamodell som på särskilt boende, anpassad till hemtjänstens områden.",
            "2026-09-01",
            "2027-03-31",
            GOING,
            None,
            "Schemat är klart för två av fyra områden. De övriga följer i februari.",
        ),
        (
            "1130",
            START,
            "Kartlägga ofrivillig deltid per enhet",
            "En enkät och en genomgång av anställningarna visar vilka som vill arbeta mer.",
            "2026-01-19",
            "2026-02-27",
            DONE,
            "2026-03-20",
            "Klar i mars. Svarstiden förlängdes och svarsfrekvensen blev 78 procent.",
        ),
        (
            "1130",
            ASSIGNMENT,
            "Erbjuda deltidsanställda högre sysselsättningsgrad före nyrekrytering",
            "Innan en tjänst annonseras erbjuds deltidsanställda på enheten att gå upp i tid.",
            "2026-02-02",
            "2026-04-30",
            DONE,
            "2026-04-28",
            "Rutinen gäller från maj och ingår i rekryteringsstödet för chefer.",
        ),
        (
            "1330",
            ASSIGNMENT,
            "Dela tjänster mellan gruppbostäderna så att fler kan arbeta heltid",
            "Tjänster delas mellan två gruppbostäder för att fylla ut deltider till heltid.",
            "2026-04-01",
            "2026-09-30",
            DONE,
            "2026-09-18",
            "Tre medarbetare har gått upp till heltid genom delade tjänster mellan två gruppbostäder.",
        ),
        (
            "1130",
            INITIATIVE,
            "Utbilda chefer i schemaläggning och bemanningsekonomi",
            "Cheferna inom vård och omsorg lär sig lägga scheman som bygger på heltid inom budget.",
            "2026-05-04",
            "2026-10-30",
            DONE,
            "2026-10-22",
            "Alla 18 chefer inom vård och omsorg har gått utbildningen.",
        ),
        (
            "1130",
            PROJECT,
            "Upphandla ett nytt system för schemaläggning och tidrapportering",
            "Ett system som stöder heltidsscheman och resurspass.",
            "2026-02-02",
            "2026-08-31",
            CANCELLED,
            None,
            "Avbruten efter beslut i ledningsgruppen i augusti: systemet upphandlas tillsammans med "
            "grannkommunerna under 2027.",
        ),
    ],
]

# The units' own activities (R14): toward a KS goal (its index above) or a GEH goal (its code).
UNIT_ACTIVITIES: list[tuple] = [
    (
        0,
        "1220",
        INITIATIVE,
        "Införa mattecoacher i årskurs 7 på Ånge skola",
        "Två lärare ger extra stöd i matematik på lektionstid i de klasser där flest elever riskerar "
        "att inte nå godtagbart.",
        "2026-01-12",
        "2026-06-12",
        DONE,
        "2026-06-12",
        "Andelen elever i årskurs 7 med godtagbart betyg i matematik ökade från 81 till 88 procent.",
    ),
    (
        0,
        "1230",
        INITIATIVE,
        "Starta bokcirklar med skolbiblioteket i årskurs 4–6",
        "Bokcirklar och läslogg med skolbibliotekarien stärker läsförståelsen inför högstadiet.",
        "2026-01-19",
        "2026-05-29",
        DONE,
        "2026-06-05",
        "Genomfört. Avslutningen flyttades en vecka på grund av de nationella proven.",
    ),
    (
        0,
        "1240",
        ASSIGNMENT,
        "Erbjuda hälsosamtal om sömn och skärmtid till alla elever i årskurs 8",
        "Skolsköterskorna tar upp sömn, skärmtid och skolnärvaro i hälsosamtalet.",
        "2026-02-02",
        "2026-12-18",
        GOING,
        None,
        "78 av 96 elever har haft sitt samtal. De sista hålls i december.",
    ),
    (
        1,
        "1210",
        ASSIGNMENT,
        "Införa gemensam reflektionstid i förskolans arbetslag",
        "Förskollärare och barnskötare planerar och följer upp undervisningen tillsammans.",
        "2026-01-19",
        "2026-04-30",
        DONE,
        "2026-04-24",
        "Varje arbetslag har en timmes reflektion varannan vecka.",
    ),
    (
        1,
        "1210",
        INITIATIVE,
        "Erbjuda förskollärarstudenter sommarvikariat i förskolan",
        "Studenterna lär känna verksamheten och kommunen som arbetsgivare före examen.",
        "2026-02-16",
        "2026-08-14",
        DONE,
        "2026-08-14",
        "Fem studenter arbetade hos oss i somras. Två har sökt vikariat under hösten.",
    ),
    (
        "GEH-3",
        "1210",
        ASSIGNMENT,
        "Följa upp upprepad korttidssjukfrånvaro i förskolan tidigt",
        "Chefen erbjuder samtal, vid behov med företagshälsovården, vid tredje sjuktillfället på sex "
        "månader.",
        "2026-01-12",
        "2026-12-18",
        GOING,
        None,
        "Rutinen följs. Sjukfrånvaron i förskolan var 8,1 procent i oktober mot 9,4 procent ett år tidigare.",
    ),
    (
        "GEH-2",
        "1220",
        ASSIGNMENT,
        "Flytta fritidshemmet in i Ånge skolas egna lokaler",
        "Paviljongen vid skolan kan sägas upp när fritidshemmet använder skolans lokaler efter skoldagen.",
        "2026-03-02",
        "2026-08-14",
        DONE,
        "2026-08-10",
        "Paviljongen är uppsagd från den 1 september. Det sparar ungefär 380 000 kronor per år.",
    ),
    (
        2,
        "1540",
        ASSIGNMENT,
        "Planera matsedeln efter säsong och avtalade livsmedel",
        "En fyraveckorsmatsedel styr inköpen mot säsongsvaror och produkter i avtalet.",
        "2026-01-12",
        "2026-03-31",
        DONE,
        "2026-03-27",
        "Ny matsedel sedan april. Livsmedelskostnaden per portion håller sig inom budget trots "
        "prisökningarna.",
    ),
    (
        "GEH-2",
        "1540",
        PROJECT,
        "Samla tillagningen för förskolorna i Ånge i centralköket",
        "Två mottagningskök får maten från centralköket, vilket minskar bemanning och energiåtgång.",
        "2026-02-02",
        "2026-10-30",
        GOING,
        None,
        "Ombyggnaden av centralkökets kylrum är försenad. Flytten sker i februari.",
    ),
    (
        4,
        "1530",
        INITIATIVE,
        "Erbjuda avgiftsfria lovaktiviteter på sportlovet och höstlovet",
        "Idrott, skapande och utflykter för barn 6–15 år, med föreningarna som arrangörer.",
        "2026-01-19",
        "2026-11-06",
        DONE,
        "2026-11-06",
        "Sportlovet samlade 310 deltagare och höstlovet 260.",
    ),
    (
        4,
        "1530",
        START,
        "Starta en filmklubb för unga på Folkets hus i Ånge",
        "Visningar varannan fredag tillsammans med Folkets hus-föreningen.",
        "2026-09-04",
        "2026-12-18",
        GOING,
        None,
        "Fyra visningar är gjorda med 15–30 besökare per gång.",
    ),
    (
        4,
        "1510",
        PROJECT,
        "Anlägga en spontanidrottsplats i Ljungaverk",
        "En allaktivitetsyta vid skolan som är öppen för alla, även kvällar och helger.",
        "2026-05-04",
        "2026-09-30",
        DONE,
        "2026-09-18",
        "Platsen invigdes i september tillsammans med föreningarna i Ljungaverk.",
    ),
    (
        3,
        "1150",
        START,
        "Genomföra en egen enkät om företagsklimatet",
        "Ett komplement till Svenskt Näringslivs ranking, för att förstå vad företagen vill att "
        "kommunen gör annorlunda.",
        "2026-02-02",
        "2026-04-30",
        DONE,
        "2026-05-08",
        "142 företag svarade. Resultatet presenterades på företagsfrukosten i maj.",
    ),
    (
        3,
        "1520",
        ASSIGNMENT,
        "Erbjuda förhandsmöten till företag som planerar att bygga",
        "Ett kostnadsfritt möte med bygglovshandläggare innan ansökan lämnas in.",
        "2026-03-02",
        "2026-05-29",
        DONE,
        "2026-05-20",
        "Förhandsmöten erbjuds sedan maj. Tolv möten är hållna.",
    ),
    (
        3,
        "1140",
        PROJECT,
        "Samla informationen för företagare på en sida på kommunens webbplats",
        "Tillstånd, upphandling, lokaler och kontaktvägar på ett ställe.",
        "2026-04-01",
        "2026-09-30",
        DONE,
        "2026-09-30",
        "Sidan Företagare är publicerad och länkad från startsidan.",
    ),
    (
        5,
        "1310",
        ASSIGNMENT,
        "Göra välkomstbesök hos nya brukare i hemtjänsten",
        "Enhetschef och kontaktperson besöker nya brukare inom en vecka från beslutet.",
        "2026-02-02",
        "2026-04-30",
        DONE,
        "2026-04-17",
        "Alla nya brukare får välkomstbesök sedan april.",
    ),
    (
        5,
        "1310",
        START,
        "Ge brukarna ett veckoschema med namnen på personalen",
        "Brukaren ser vilka som kommer under veckan, på papper eller i appen.",
        "2026-05-04",
        "2026-12-18",
        WAITING,
        None,
        "Inte påbörjad. Funktionen kräver en uppgradering av verksamhetssystemet som är planerad till "
        "våren 2027.",
    ),
    (
        6,
        "1320",
        ASSIGNMENT,
        "Erbjuda deltidsanställda undersköterskor heltid under sommaren",
        "Sommarens bemanning löses i första hand med egen personal som går upp i tid.",
        "2026-04-01",
        "2026-08-31",
        DONE,
        "2026-08-31",
        "14 medarbetare arbetade heltid i somras. Nio av dem har valt att fortsätta på heltid.",
    ),
    (
        6,
        "1330",
        ASSIGNMENT,
        "Inrätta kombinationstjänster mellan daglig verksamhet och boendestöd",
        "Tjänster som delas mellan dag och kväll ger heltid där varje verksamhet bara behöver deltid.",
        "2026-03-02",
        "2026-10-30",
        GOING,
        None,
        "Två kombinationstjänster är inrättade. Fler kräver ändrade öppettider i daglig verksamhet, "
        "vilket utreds.",
    ),
    (
        6,
        "1130",
        ASSIGNMENT,
        "Skicka statistik över heltid och deltid till varje chef varje månad",
        "Cheferna ser andelen heltid och antalet timanställda på sin enhet.",
        "2026-01-12",
        "2026-02-27",
        DONE,
        "2026-02-25",
        "Rapporten går ut den femte varje månad.",
    ),
    (
        2,
        "1410",
        ASSIGNMENT,
        "Utöka öppenvården på hemmaplan som alternativ till placering",
        "Familjebehandlarna kan ge mer stöd i hemmet när det räcker för barnets behov.",
        "2026-02-16",
        "2026-09-30",
        DONE,
        "2026-10-20",
        "Familjebehandlarteamet har utökats med en tjänst. Två placeringar har kunnat undvikas under hösten.",
    ),
    (
        2,
        "1420",
        ASSIGNMENT,
        "Ge fler personer med försörjningsstöd plats i arbetsmarknadsinsatser",
        "Målet är 50 personer i praktik, studier eller anställning med stöd under året.",
        "2026-02-02",
        "2026-12-18",
        GOING,
        None,
        "42 personer har fått en insats hittills i år.",
    ),
    (
        "GEH-2",
        "1510",
        ASSIGNMENT,
        "Sänka värmen nattetid och på helger i skolor och förvaltningslokaler",
        "Värmen styrs efter när lokalerna används.",
        "2026-01-12",
        "2026-03-31",
        DONE,
        "2026-03-31",
        "Nattsänkning finns i 22 byggnader. Energin för uppvärmning har minskat med ungefär 7 procent.",
    ),
    (
        "GEH-1",
        "1120",
        ASSIGNMENT,
        "Införa åtgärdsplan vid negativ prognos",
        "En avdelning med befarat underskott redovisar åtgärder och deras effekt i kronor.",
        "2026-01-12",
        "2026-04-30",
        DONE,
        "2026-04-30",
        "Mallen används sedan tertialrapporten per april.",
    ),
    (
        "GEH-2",
        "1110",
        ASSIGNMENT,
        "Skicka sammanträdeshandlingar digitalt till de förtroendevalda",
        "Handlingarna i en app i stället för på papper sparar tryck och porto.",
        "2026-01-19",
        "2026-06-30",
        DONE,
        "2026-06-22",
        "Fullmäktige, kommunstyrelsen och utskotten får handlingarna digitalt sedan juni.",
    ),
    (
        "GEH-3",
        "1130",
        ASSIGNMENT,
        "Genomföra medarbetarenkäten och ta fram handlingsplaner per arbetsplats",
        "Varje arbetsplats går igenom sitt resultat och bestämmer två förbättringsområden.",
        "2026-03-02",
        "2026-12-11",
        GOING,
        None,
        "Svarsfrekvensen var 81 procent. 34 av 41 arbetsplatser har lämnat sin handlingsplan.",
    ),
    (
        "GEH-3",
        "1420",
        INITIATIVE,
        "Erbjuda nyanlända språkpraktik inom vård och omsorg",
        "Praktik på särskilt boende med handledare, som väg till anställning som vårdbiträde.",
        "2026-02-02",
        "2026-12-18",
        GOING,
        None,
        "Nio deltagare har praktik och tre har fått timanställning.",
    ),
    (
        "GEH-1",
        "1520",
        START,
        "Ta fram underlag till ny plan- och bygglovstaxa",
        "Avgifterna ska i högre grad täcka kostnaden för handläggningen.",
        "2026-03-02",
        "2026-09-30",
        DONE,
        "2026-09-24",
        "Underlaget är klart. Förslaget till ny taxa behandlas av kommunfullmäktige i december.",
    ),
    (
        "GEH-2",
        "1140",
        ASSIGNMENT,
        "Säga upp system och licenser som inte används",
        "Licenserna i verksamhetssystemen gås igenom och det som inte används sägs upp.",
        "2026-02-02",
        "2026-06-30",
        DONE,
        "2026-08-28",
        "Tre system och ungefär 120 licenser är uppsagda. Klart i augusti, efter att avtalens "
        "uppsägningstider kontrollerats.",
    ),
    (
        "GEH-1",
        "1320",
        ASSIGNMENT,
        "Avsluta inhyrningen av sjuksköterskor från bemanningsföretag",
        "Egna sjuksköterskor ersätter inhyrda, som kostar ungefär dubbelt så mycket.",
        "2026-01-12",
        "2026-06-30",
        GOING,
        None,
        "Inhyrningen har minskat från tre till en sjuksköterska. Den upphör när två nyanställda börjar "
        "i januari.",
    ),
]

# Next year's draft (R23): new activities the committees proposed in September, per 2027 KS goal.
DRAFT_2027: list[tuple] = [
    (
        0,
        "1220",
        ASSIGNMENT,
        "Införa gemensamma läsveckor i årskurs 7–9",
        "Alla ämnen arbetar med läsförståelse under två veckor per termin.",
        "2027-01-11",
        "2027-06-11",
    ),
    (
        1,
        "1210",
        INITIATIVE,
        "Erbjuda två barnskötare till förskollärarutbildningen 2027",
        "En ny omgång av studier på betald arbetstid, som 2026.",
        "2027-01-11",
        "2027-08-31",
    ),
    (
        2,
        "1120",
        ASSIGNMENT,
        "Införa prognos per verksamhetsområde i kommunstyrelsens månadsrapport",
        "Kommunstyrelsen ser prognosen per område och inte bara per avdelning.",
        "2027-01-11",
        "2027-04-30",
    ),
    (
        3,
        "1150",
        ASSIGNMENT,
        "Införa en gemensam väg in för företagares frågor",
        "Ett telefonnummer och en e-postadress, med svar inom två arbetsdagar.",
        "2027-02-01",
        "2027-06-30",
    ),
    (
        4,
        "1530",
        START,
        "Ta fram en plan för kultur- och fritidslokaler i kommunens mindre orter",
        "Vilka lokaler som behövs, vem som driver dem och vad de kostar.",
        "2027-02-01",
        "2027-10-29",
    ),
    (
        5,
        "1310",
        ASSIGNMENT,
        "Följa upp kontinuiteten i hemtjänsten per område varje tertial",
        "Resultatet redovisas för socialutskottet med tertialrapporten och delårsrapporten.",
        "2027-01-11",
        "2027-12-17",
    ),
    (
        6,
        "1330",
        PROJECT,
        "Införa heltidsscheman inom LSS och socialpsykiatri",
        "Samma schemamodell som i hemtjänsten och på särskilt boende.",
        "2027-03-01",
        "2027-11-30",
    ),
]


def D(text: str | None) -> datetime.date | None:  # noqa: N802 - reads like a date literal in the tables
    return datetime.date.fromisoformat(text) if text else None


def seed(*, stdout=None) -> None:
    """Create the demo plans once."""
    ks = Body.objects.get(short_name="KS")
    if OperationalPlan.objects.filter(body=ks, year=2026).exists():
        return
    planner = User.objects.get(username=Role.PLANNER)
    admin = User.objects.get(username=Role.ADMINISTRATOR)
    units = {u.cost_centre: u for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT)}
    # Each activity is answered for by its unit's head, one of the organisation's people (with an e-mail).
    heads = unit_heads()
    goals = list(AnnualGoal.objects.filter(body=ks, year=2026).order_by("position"))
    own = set(OrgUnit.objects.writable_for_administrator(admin).values_list("pk", flat=True))

    # R23: the committees draft the plan from June; the activities are entered in early autumn.
    with dated(at(datetime.date(2025, 6, 23), 9), planner):
        plan = services.plan_create(
            body=ks, year=2026, mission=MISSION, model_summary=MODEL_SUMMARY, actor=planner
        )
    activities = []
    for index, (goal, specs) in enumerate(zip(goals, PLAN_ACTIVITIES, strict=True)):
        with dated(
            at(working_day(datetime.date(2025, 9, 1) + datetime.timedelta(days=4 * index)), 10), planner
        ):
            for unit, kind, title, description, start, end, *outcome in specs:
                activity = services.activity_create(
                    plan=plan,
                    data={
                        "title": title,
                        "description": description,
                        "kind": kind,
                        "annual_goal": goal,
                        "responsible_unit": units[unit],
                        "responsible": heads[unit],
                        "start": D(start),
                        "planned_end": D(end),
                    },
                    actor=planner,
                )
                activities.append((activity, outcome))
    with dated(at(PLAN_ADOPTED, 15, 30), planner):
        decision = _decision(ks, PLAN_ADOPTED, 160, "KS 25/301", "Verksamhetsplan 2026 för kommunstyrelsen")
        services.plan_adopt(plan=plan, decision=decision, actor=planner)

    for number, (activity, outcome) in enumerate(activities):
        actor = admin if activity.responsible_unit_id in own else planner
        _follow_up(activity, number, *outcome, actor=actor)

    for number, (target, unit, kind, title, description, start, end, *outcome) in enumerate(UNIT_ACTIVITIES):
        responsible = units[unit]
        actor = admin if responsible.pk in own else planner
        # Units plan their own activities once the plan is adopted (R14), a few weeks before they start.
        entered = max(PLAN_ADOPTED + datetime.timedelta(days=13), D(start) - datetime.timedelta(days=24))
        with dated(at(working_day(entered), 13, 15), actor, Activity):
            activity = services.unit_activity_create(
                plan=plan,
                data={
                    "title": title,
                    "description": description,
                    "kind": kind,
                    "annual_goal": goals[target] if isinstance(target, int) else None,
                    "geh_code": target if isinstance(target, str) else "",
                    "responsible_unit": responsible,
                    "responsible": heads[unit],
                    "start": D(start),
                    "planned_end": D(end),
                },
                actor=actor,
            )
        _follow_up(activity, number, *outcome, actor=actor)

    # R23: in September KS's presidium prepares next year's plan; the draft starts from this year's.
    with dated(at(datetime.date(2026, 9, 21), 9, 30), planner):
        draft = services.plan_roll_over(plan=plan, actor=planner)
    next_goals = list(AnnualGoal.objects.filter(body=ks, year=2027).order_by("position"))
    with dated(at(datetime.date(2026, 10, 5), 14), planner, Activity):
        for target, unit, kind, title, description, start, end in DRAFT_2027:
            services.activity_create(
                plan=draft,
                data={
                    "title": title,
                    "description": description,
                    "kind": kind,
                    "annual_goal": next_goals[target],
                    "responsible_unit": units[unit],
                    "responsible": heads[unit],
                    "start": D(start),
                    "planned_end": D(end),
                },
                actor=planner,
            )


def _follow_up(
    activity: Activity, number: int, status: str, completed: str | None, comment: str, *, actor: User
) -> None:
    """Record the state reported for late November 2026, on the day it was reported.

    A finished activity was reported done the day it finished; the others at the November follow-up
    before KS's December meeting, spread over its days; a cancelled one when management decided it.
    """
    completed_on = D(completed)
    if completed_on:
        reported = at(completed_on, 15, 40)
    elif status == CANCELLED:
        reported = at(datetime.date(2026, 8, 27), 11)
    else:
        reported = at(working_day(datetime.date(2026, 11, 16) + datetime.timedelta(days=number % 8)), 11)
    assert reported.date() <= TODAY, activity.title  # noqa: S101 - the demo's own consistency
    with dated(reported, actor, Activity):
        services.activity_follow_up(
            activity_id=activity.pk,
            expected_version=activity.version,
            status=status,
            progress_comment=comment,
            completed_on=completed_on,
            actor=actor,
        )


def _decision(body: Body, day: datetime.date, paragraph: int, case_number: str, title: str) -> Decision:
    meeting, _ = Meeting.objects.get_or_create(body=body, date=day)
    decision, _ = Decision.objects.get_or_create(
        meeting=meeting, paragraph=paragraph, defaults={"case_number": case_number, "title": title}
    )
    return decision
