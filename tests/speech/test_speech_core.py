"""Speech mode without Qt: the voice table, the engines (real Open JTalk and espeak-ng), the
phrase cache, and what each screen says (issue #16 item 1; A11Y-06, A11Y-07, ML-02, ML-04)."""

from __future__ import annotations

import pytest

from kiosk import i18n
from kiosk.journey import CataloguePort, Journey, Screen
from kiosk.session import ResidentSession
from kiosk.speech import SpeechError, VoiceTableError
from kiosk.speech.engines import EspeakEngine, espeak_voices, parse_wav, wav_bytes
from kiosk.speech.output import WavSink, peak
from kiosk.speech.spoken import ScreenView, carries_personal_data, describe, pin_count, review_readout
from kiosk.speech.synth import PhraseCache, Synthesizer
from kiosk.speech.voices import VOICES_FILE, load, parse, table

LANGS = tuple(i18n.languages())


def test_ml04_every_shipped_language_has_a_voice_or_says_which_speaks_for_it():
    voices = load(VOICES_FILE)
    assert set(voices.voices) == set(LANGS)
    installed = espeak_voices()
    assert installed is not None, "espeak-ng is a dependency of the kiosk (script/apt-packages.txt)"
    for lang, voice in voices.voices.items():
        if voice.engine == "espeak":
            assert voice.voice.lower() in installed, f"{lang}: espeak-ng has no voice {voice.voice}"
        speaking = voices.for_language(lang)
        assert speaking.engine in ("jtalk", "espeak"), lang
    assert voices.voices["ja-easy"].speed < voices.voices["ja"].speed  # やさしい日本語 is slower
    assert voices.voices["tl"].engine == "none" and voices.for_language("tl").lang == "en"


@pytest.mark.parametrize(("data", "complaint"), [
    ({"ja": {"engine": "festival"}}, "engine must be one of"),
    ({"en": {"engine": "espeak"}}, "needs `voice`"),
    ({"en": {"engine": "espeak", "voice": "en-us", "speed": 9}}, "speed must be"),
    ({"tl": {"engine": "none"}}, "needs `fallback`"),
    ({"tl": {"engine": "none", "fallback": "xx"}}, "has no voice"),
    ({"en": {"engine": "espeak", "voice": "en-us", "pitch": 3}}, "unknown key"),
    ([], "expected a mapping"),
])
def test_an_invalid_voice_table_is_refused_naming_the_entry(data, complaint):
    with pytest.raises(VoiceTableError) as caught:
        parse(data, "voices.yaml")
    assert complaint in str(caught.value)
    for lang in LANGS:  # the message the kiosk shows exists in every language (ML-02)
        for key in (caught.value.key, SpeechError.key):
            assert i18n.text(key, lang) != key and i18n.text(key, lang).strip()


def test_the_phrase_cache_is_bounded_and_keeps_the_most_recent():
    from kiosk.jtalk import Speech

    cache = PhraseCache(max_entries=2)
    a, b, c = (Speech(bytes([n, 0]) * 10, 16000) for n in range(3))
    cache.put("v", "a", a)
    cache.put("v", "b", b)
    assert cache.get("v", "a") is a  # "a" is now the most recent
    cache.put("v", "c", c)
    assert len(cache) == 2 and cache.get("v", "b") is None and cache.get("v", "a") is a
    assert cache.get("other-voice", "a") is None  # keyed by voice and text


def test_the_phrase_cache_is_bounded_in_bytes_too():
    """A phrase is half a megabyte of samples (Open JTalk, 48 kHz): a count alone would let the
    cache hold some 125 MB (bench/soak.py --speech ja watches it)."""
    from kiosk.jtalk import Speech

    cache = PhraseCache(max_entries=100, max_bytes=50)
    a, b, c = (Speech(bytes([n, 0]) * 10, 16000) for n in range(3))  # 20 bytes each
    for text, speech in (("a", a), ("b", b)):
        cache.put("v", text, speech)
    assert cache.get("v", "a") is a  # "a" is now the most recent
    cache.put("v", "c", c)  # 60 bytes: the least recent goes
    assert len(cache) == 2 and cache.size_bytes == 40 and cache.get("v", "b") is None
    cache.put("v", "c", Speech(bytes(30), 16000))  # the same phrase again: counted once
    assert len(cache) == 2 and cache.size_bytes == 50
    huge = Speech(bytes(80), 16000)
    cache.put("v", "huge", huge)  # larger than the bound alone: kept, the rest goes
    assert len(cache) == 1 and cache.get("v", "huge") is huge and cache.size_bytes == 80
    assert cache.forget_session() == 0 and cache.size_bytes == 80
    cache.clear()
    assert cache.size_bytes == 0


def test_priv08_phrases_of_the_session_are_wiped_at_its_end_and_the_others_kept():
    """The review and confirm screens tell of the resident's case (which forms): cached for the
    session only; a synthesis started before the session ended does not bring one back."""
    from kiosk.jtalk import Speech

    cache = PhraseCache()
    shared, review, late = (Speech(bytes([n, 0]) * 10, 16000) for n in range(3))
    cache.put("v", "質問 1 / 9。", shared)
    started = cache.generation
    cache.put("v", "確認 1 / 3 転入届。", review, session=started)
    assert cache.get("v", "確認 1 / 3 転入届。") is review and cache.session_phrases() == 1
    assert cache.forget_session() == 1
    assert cache.get("v", "確認 1 / 3 転入届。") is None and cache.get("v", "質問 1 / 9。") is shared
    cache.put("v", "確認 2 / 3 国民健康保険。", late, session=started)  # made for the session that ended
    assert cache.get("v", "確認 2 / 3 国民健康保険。") is None and len(cache) == 1
    cache.put("v", "質問 1 / 9。", shared, session=cache.generation)  # said for everyone already: stays
    assert cache.forget_session() == 0 and cache.get("v", "質問 1 / 9。") is shared


def _per_character(seconds: float, text: str) -> float:
    return seconds / len(text.replace(" ", ""))


@pytest.mark.parametrize(("lang", "text", "engine"), [
    ("ja", "引っ越しの届出をしますか。", "jtalk"),
    ("ja-easy", "ひっこしの とどけを しますか。", "jtalk"),
    ("en", "Are you moving into this town?", "espeak"),
    ("ko", "이 마을로 이사하십니까?", "espeak"),
    ("tl", "Lilipat ka ba sa bayang ito?", "espeak"),
])
def test_speech_is_audible_of_plausible_length_and_in_the_languages_voice(lang, text, engine):
    synth = Synthesizer(table(), PhraseCache())
    said = synth.speak(text, lang)
    assert said.voice.engine == engine
    assert said.voice.lang == ("en" if lang == "tl" else lang)
    assert peak(said.speech.samples) > 1000  # not silence
    per_char = _per_character(said.speech.seconds, text)
    assert 0.03 < per_char < 0.6, per_char  # seconds per character: speech, not a click or a hang
    again = synth.speak(text, lang)
    assert again.cached and again.speech == said.speech


def test_yasashii_nihongo_is_spoken_slower_than_japanese():
    synth = Synthesizer(table(), PhraseCache())
    text = "番号のキーで選んでください。"
    assert synth.speak(text, "ja-easy").speech.seconds > synth.speak(text, "ja").speech.seconds * 1.1


def test_wav_written_by_the_sink_reads_back_and_espeak_stdout_parses(tmp_path):
    said = EspeakEngine("en-us").synthesize("One two three.")
    back = parse_wav(wav_bytes(said))
    assert back == said
    sink = WavSink(tmp_path)
    from kiosk.speech.output import Phrase
    from kiosk.speech.synth import Utterance

    sink.start(Phrase(Utterance("en", table().for_language("en"), said, cached=False), "One two three.", "test"))
    assert sink.written[0].path.read_bytes().startswith(b"RIFF") and sink.written[0].peak > 1000
    with pytest.raises(SpeechError):
        parse_wav(b"not a wave file")
    with pytest.raises(SpeechError):
        EspeakEngine("en-us", program="espeak-ng-not-installed").synthesize("x")


def _journey(lang: str = "ja") -> Journey:
    journey = Journey(ResidentSession(lang), CataloguePort.load())
    journey.choose_language(lang)
    return journey


LANGUAGES = ("ja", "ja-easy", "en", "zh-Hans", "ko", "vi", "tl")


def test_the_language_screen_numbers_the_languages_and_says_which_has_no_voice():
    journey = Journey(ResidentSession("ja"), CataloguePort.load())
    spoken = describe(journey, ScreenView(languages=LANGUAGES), table())
    assert spoken.lang == "ja" and spoken.title == i18n.text("resident.language_title", "ja")
    assert [o.target for o in spoken.options] == [f"lang-{x}" for x in LANGUAGES]
    assert "1 日本語" in spoken.text() and "7 Filipino" in spoken.text()
    assert "There is no Filipino voice. Speech is in English." in spoken.hints


def test_a_language_without_a_voice_is_spoken_in_english():
    journey = _journey("tl")
    journey.acknowledge_notice()
    spoken = describe(journey, ScreenView(languages=LANGUAGES), table())
    assert journey.screen is Screen.QUESTION
    assert spoken.lang == "en"
    english = _journey("en")
    english.acknowledge_notice()
    assert spoken.text() == describe(english, ScreenView(languages=LANGUAGES), table()).text()


@pytest.mark.parametrize("lang", ["ja", "ja-easy", "en", "ne"])
def test_a_question_says_its_step_text_and_numbered_answers(lang):
    journey = _journey(lang)
    journey.acknowledge_notice()
    q = journey.question()
    spoken = describe(journey, ScreenView(languages=LANGUAGES), table())
    assert spoken.lang == lang
    from kiosk.catalogue.model import localized

    assert localized(q.text, lang) in spoken.question
    assert spoken.options and all(o.target == f"answer-{i}" for i, o in enumerate(spoken.options))
    text = spoken.text()
    assert i18n.text("speech.option", lang, n=1, label=spoken.options[0].label) in text
    assert "{" not in text  # furigana and placeholders are gone


def test_a11y07_the_pin_screen_says_how_many_digits_never_which():
    journey = _journey("ja")
    journey.acknowledge_notice()
    journey.session.ensure_members(2)
    journey._go(_card_step(1))  # noqa: SLF001 - the second member's card screen
    view = ScreenView(languages=LANGUAGES, card_state="pin", tries=3, pin_length=3)
    spoken = describe(journey, view, table())
    assert spoken.title == "カードの読み取り（2人目）"
    assert i18n.text("resident.card_pin", "ja") in spoken.question
    assert "3けた入力しました。" in spoken.phrases() and "残り回数：3回" in spoken.text()
    assert pin_count("ja", 3, table()).text() == "3けた入力しました。"
    assert pin_count("en", 4, table()).text() == "4 digits entered."
    assert pin_count("tl", 2, table()).lang == "en"


def _card_step(index: int):
    from kiosk.journey import _Step

    return _Step(Screen.CARD, index)


def test_card_data_is_never_spoken_except_in_the_review_read_out_asked_for():
    """The household's first member read from a (fake) card: the screens' speech carries none of
    it; the review read-out, asked for, reads each field with its value."""
    port = CataloguePort.load()
    journey = Journey(ResidentSession("ja"), port)
    journey.choose_language("ja")
    session = journey.session
    sample = next(iter(port.catalogue.samples.values()))
    from kiosk.household import Household

    household = Household.from_dict(sample)
    session.answers.update(household.answers)
    session.members[:] = household.members
    session.members_confirmed = True
    session.record_card(session.members[0], {"name": "架空　花子", "address": "東京都架空区一丁目1番1号",
                                             "birth_date": "1980-01-02", "sex": "2"}, my_number="000000000019")
    forms = journey.forms()
    assert forms
    journey._go_review(0)  # noqa: SLF001 - straight to the first review, as the journey would
    view = ScreenView(languages=LANGUAGES)
    spoken = describe(journey, view, table())
    assert not carries_personal_data(spoken.text(), session)
    assert "架空" not in spoken.text() and "000000000019" not in spoken.text()
    readout = review_readout(journey, table())
    values = journey.session.form_values[journey.current_form().id]
    assert readout.hints  # each field and its value
    name_fields = [k for k, v in values.household.items() if v] + [k for p in values.persons for k, v in p.items() if v]
    assert name_fields
    assert carries_personal_data(readout.text(), session)  # it reads the values: asked for only


def test_a_huge_or_hostile_voice_table_is_refused(tmp_path):
    bomb = tmp_path / "voices.yaml"
    bomb.write_text("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"l{n}: &l{n} [*{'a' if n == 0 else f'l{n - 1}'}, *{'a' if n == 0 else f'l{n - 1}'}]\n" for n in range(30)),
        encoding="utf-8")
    with pytest.raises(VoiceTableError):
        load(bomb)
    with pytest.raises(VoiceTableError):
        load(tmp_path / "missing.yaml")


@pytest.mark.parametrize("marks", ["−", "✓", "ー", "・"])
def test_marks_alone_make_no_sound_and_do_not_bring_the_kiosk_down(marks):
    """A focused key named by a mark (the kana pad's ー, a − key) is said as nothing: Open JTalk's
    engine crashed the whole process on such text (an empty label sequence)."""
    made = Synthesizer(table()).speak(marks, "ja")
    assert made.speech.samples == b"" and made.voice.engine == "jtalk"
    assert peak(Synthesizer(table()).speak("戻る" + marks, "ja").speech.samples) > 1000  # words around marks still speak


def test_a11y08_volume_steps_scale_what_is_played_and_return_to_the_default(tmp_path):
    """A11Y-08: the volume steps scale what is played, and reset() returns to the default level."""
    from kiosk.speech.output import Phrase
    from kiosk.speech.volume import GAINS, Volume

    volume = Volume()
    assert volume.is_default and volume.gain == 1.0 and 1 < volume.level < volume.levels
    made = Synthesizer(table()).speak("音量を変えます", "ja")
    engine_peak = peak(made.speech.samples)
    sink = WavSink(tmp_path)
    heard = []
    while volume.quieter():
        pass
    assert volume.gain == GAINS[0] and not volume.quieter()  # the quietest stays the quietest
    for _ in range(volume.levels):
        sink.queue(Phrase(made, "音量を変えます", "volume", volume.gain))
        heard.append(sink.written[-1].peak)
        volume.louder()
    assert not volume.louder() and volume.gain == GAINS[-1]
    assert heard == sorted(heard) and heard[0] < engine_peak // 2 < heard[-1]  # quieter, then louder
    for written, gain in zip(sink.written, GAINS, strict=True):  # the WAV file holds the samples at that volume
        back = parse_wav(written.path.read_bytes())
        assert abs(peak(back.samples) - min(32767, round(engine_peak * gain))) <= 1
        assert back.seconds == made.speech.seconds  # louder, not longer
    volume.reset()
    assert volume.is_default
