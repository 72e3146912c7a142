"""The risk-indicator taxonomy: stable codes for the Regulation's "relevant key indicators".

Each code names a warning sign that child-safety educators describe in grooming
conversations. Codes are computed per message from short word patterns (cues) and
reported per conversation as *codes and message ids only*: a reviewer sees that
message ``m17`` showed ``SECRECY``, never what ``m17`` said.

Cues are matched on normalised tokens (see :mod:`service.scoring.features`), so
"Don't tell", "dont tell" and "DONT  TELL" are one cue, and "u" reads as "you".
A cue is at most three tokens. The list is deliberately broad: a cue is evidence for
the model, not a verdict. Words shared with harmless chat ("meet", "secret") are
expected; the model weighs them against everything else.
"""

from __future__ import annotations

import ast
import enum
import functools
import itertools
from pathlib import Path


class RiskIndicator(enum.IntEnum):
    """Indicator codes. Values are bit positions in per-message masks; never renumber."""

    AGE_PROBE = 0
    """Asking the partner's age or birth year: establishes the partner is a child."""
    SCHOOL_OR_LOCATION_PROBE = 1
    """Asking school, grade, town or address: locates the child offline."""
    FLATTERY_MATURITY = 2
    """"So mature for your age", "not like other kids": builds trust and special status."""
    PRIVACY_CHECK = 3
    """"Are you alone?", "do your parents check your phone?": gauges supervision."""
    SECRECY = 4
    """"Don't tell anyone", "delete our chat": hides the relationship from adults."""
    ISOLATION = 5
    """"Your parents don't understand you like I do": separates the child from support."""
    PLATFORM_SWITCH = 6
    """Moving to a private or ephemeral app, or asking for a phone number."""
    GIFT_OFFER = 7
    """Gift cards, game currency, money or devices: creates obligation."""
    PHOTO_REQUEST = 8
    """Asking for pictures or camera use of the child (non-explicit in our data)."""
    MEETING_REQUEST = 9
    """Proposing to meet offline, pick the child up, or meet without parents."""
    SELF_DISCLOSED_MINOR = 10
    """The partner states an age, grade or parental rule that marks them as a child."""


#: Indicators that describe the suspected sender's behaviour (all but the child-side one).
SENDER_INDICATORS: tuple[RiskIndicator, ...] = tuple(
    i for i in RiskIndicator if i is not RiskIndicator.SELF_DISCLOSED_MINOR
)

#: The order in which grooming usually unfolds, as educators describe it: rapport, then
#: risk assessment, then exclusivity and secrecy, then access (moving platforms, gifts,
#: photos, meeting). Features measure how far a sender's signs follow it.
STAGES: tuple[frozenset[RiskIndicator], ...] = (
    frozenset({RiskIndicator.FLATTERY_MATURITY}),
    frozenset({RiskIndicator.AGE_PROBE, RiskIndicator.SCHOOL_OR_LOCATION_PROBE,
               RiskIndicator.PRIVACY_CHECK}),
    frozenset({RiskIndicator.SECRECY, RiskIndicator.ISOLATION}),
    frozenset({RiskIndicator.PLATFORM_SWITCH, RiskIndicator.GIFT_OFFER,
               RiskIndicator.PHOTO_REQUEST, RiskIndicator.MEETING_REQUEST}),
)

# Cue phrases per indicator, written as people type them; they are normalised with the
# same code path as message text when the model loads. Normalisation maps every number
# from 8 to 17 to one token and every grade from 6th to 12th to another, so "im 13"
# below also matches "im 15", and "7th grade" matches "9th grade".
CUES: dict[RiskIndicator, tuple[str, ...]] = {
    RiskIndicator.AGE_PROBE: (
        "how old", "how young", "your age", "what age", "whats your age", "old are you",
        "asl", "were you born", "what year born", "birth year", "are you 13",
        "you 13", "you 13yo", "younger than", "old enough", "too young",
        "what age are", "age again", "many years old",
        "year are you", "which year", "what class are", "still at school", "still in school",
        "you in school", "how old r", "age is", "ur age", "born in", "old r you",
    ),
    RiskIndicator.SCHOOL_OR_LOCATION_PROBE: (
        "what school", "which school", "your school", "school you go", "what grade",
        "which grade", "grade are you", "what year are", "where you live", "you live",
        "do you live", "your address", "what town", "what city", "which city", "what area",
        "what street", "your street", "your neighborhood", "near you", "are you from",
        "which state", "what state", "your zip", "live near", "close to you", "your town",
        "school are you", "go to school",
        "which school do", "what part of", "where abouts", "whereabouts", "postcode",
        "which area", "live with", "walk home", "way home", "get home from", "time you finish",
        "school finish",
    ),
    RiskIndicator.FLATTERY_MATURITY: (
        "mature", "so mature", "for your age", "look older", "seem older", "act older",
        "so pretty", "so cute", "really pretty", "beautiful", "gorgeous", "so special",
        "you are special", "youre special", "not like other", "than other girls",
        "other girls", "other kids", "than kids", "so smart", "wise beyond", "beyond your years",
        "cutest", "prettiest", "so talented", "old soul", "so grown", "grown up",
        "smarter than", "most amazing", "so lucky", "your smile", "adorable", "stunning",
        "so cool for", "like the others", "you get me",
        "mature for", "so grown up", "older than you", "not like most", "than people your",
        "people your age", "girls your age", "boys your age", "kids your age", "special to me",
        "so different", "really special", "of a kind", "talented for",
    ),
    RiskIndicator.PRIVACY_CHECK: (
        "are you alone", "you alone", "home alone", "by yourself", "anyone home",
        "anyone else home", "anyone around", "who else is", "parents home", "parents around",
        "parents check", "check your phone", "checks your phone", "go through your",
        "read your messages", "see your messages", "your phone", "in your room",
        "door locked", "lock the door", "lock your door", "can anyone see", "anyone see",
        "who can see", "just you", "parental controls", "parents asleep", "everyone asleep",
        "still awake", "parents know", "mom know", "dad know", "anyone watching",
        "parents look", "share your phone", "is anybody", "anybody home",
        "work late", "parents work", "on your own", "by urself", "who is home", "whos home",
        "anyone there", "at your phone", "through your phone", "check ur phone",
        "see our chat", "see our chats", "read our", "your room", "parents out", "mum out",
        "home by yourself", "alone tonight", "alone at home",
    ),
    RiskIndicator.SECRECY: (
        "secret", "our secret", "a secret", "dont tell", "do not tell", "not tell",
        "tell anyone", "tell no one", "tell nobody", "between us", "between you and",
        "just between", "delete this", "delete the chat", "delete our", "delete chat",
        "delete messages", "delete it", "clear the chat", "erase", "keep this",
        "keep it quiet", "keep quiet", "dont mention", "wouldnt understand",
        "get in trouble", "me in trouble", "nobody needs", "no one needs", "hide",
        "our little", "dont show", "nobody has to", "one has to", "wont tell",
        "promise not", "private between", "our thing", "keep it between", "dont let",
        "you and me", "this to yourself", "to yourself", "the wrong idea",
        "wrong idea", "dont say", "need to mention", "need to tell", "unsend", "wipe",
        "clear our", "clear the", "our convo", "our chats", "our little secret", "dont tell ur",
        "dont tell your", "keep us", "just ours",
    ),
    RiskIndicator.ISOLATION: (
        "dont understand you", "understand you like", "understand you better",
        "only one who", "only one that", "i get you", "they dont care", "care about you",
        "too strict", "so strict", "strict", "treat you like", "like a kid", "like a baby",
        "friends are immature", "your friends dont", "dont need them", "only need me",
        "you have me", "always be there", "im always here", "here for you",
        "no one else", "nobody else", "nobody understands", "no one understands",
        "they just dont", "better than your", "against you", "run away",
        "dont listen to", "they wont get", "dont get you", "ignore them", "forget them",
        "holding you back", "dont deserve you", "only i", "unlike them",
        "they dont get", "dont get it", "your friends are", "friends dont understand",
        "understand you", "treat you like", "i understand", "mature than your", "dont need your",
        "they never listen", "nobody gets", "one who gets", "only person", "all you need",
        "trust me not",
    ),
    RiskIndicator.PLATFORM_SWITCH: (
        "add me", "add me on", "my snapchat", "snapchat", "whatsapp", "telegram", "kik",
        "signal", "discord", "instagram", "your number", "phone number", "text me",
        "dm me", "message me on", "talk on", "move to", "switch to", "more private",
        "somewhere private", "private app", "private chat", "another app", "different app",
        "other app", "disappear", "disappearing", "vanish mode", "your handle",
        "your username", "call me", "facetime", "video call", "burner", "second account",
        "secret account", "my number", "wickr", "session app", "off this app",
        "better app", "chat elsewhere",
        "another account", "private account", "other account", "new account", "this app",
        "laggy", "add me there", "my user", "your user", "dm me on", "number so", "text u",
        "on snap", "on insta", "on whatsapp", "on discord", "on telegram",
    ),
    RiskIndicator.GIFT_OFFER: (
        "gift card", "giftcard", "gift", "buy you", "get you a", "get you something",
        "send you money", "send you a", "v bucks", "vbucks", "robux", "skins", "new phone",
        "pay for", "treat you", "i got you", "present for", "something special for",
        "surprise for you", "money", "cash", "paypal", "venmo", "cashapp", "spoil you",
        "reward", "i will buy", "ill buy", "buy it for", "gift code", "credits", "coins",
        "nitro", "battle pass",
        "top up", "topup", "send you some", "buy u", "gift you", "get u", "ill send you",
        "spend on you", "pay you", "treat u", "owe me",
    ),
    RiskIndicator.PHOTO_REQUEST: (
        "send a pic", "me a pic", "send pic", "send me pic", "pic of you",
        "pic of yourself", "your pic", "photo of you", "photo of yourself", "your photo",
        "send a photo", "send photo", "send me one", "what you look", "you look like",
        "see you", "show me", "turn on camera", "turn on your", "your camera", "cam",
        "webcam", "video of you", "take a pic", "take a photo", "another pic", "more pics",
        "new pic", "selfie", "send selfie", "see your face", "a pic", "pic now",
        "pic for me", "just one pic",
        "pic of u", "new pic", "send one", "see what you", "show me you", "your face",
        "do you look", "pfp", "profile pic", "send a selfie", "selfie of", "one pic",
        "pic of your", "photo of u", "snap me", "me a photo", "camera on",
    ),
    RiskIndicator.MEETING_REQUEST: (
        "meet", "meet up", "meet you", "meet me", "could meet", "in person", "hang out",
        "pick you up", "come over", "come get you", "your place", "my place", "my car",
        "a ride", "see each other", "just us", "just the two", "two of us", "sneak out",
        "without your parents", "visit you", "come visit", "irl", "in real life",
        "meet irl", "meet somewhere", "come to you", "drive to", "drive you",
        "get together", "face to face", "see you in",
        "come see you", "pick u up", "i see you", "link up", "meet in person", "see you irl",
        "come round", "come over to", "meet halfway", "take you out", "you a lift",
        "lift home", "drop you", "without telling", "tell them youre",
    ),
    RiskIndicator.SELF_DISCLOSED_MINOR: (
        "im 13", "i am 13", "13yo", "13 years old", "turning 13",
        "7th grade", "in 7th", "middle school", "high school", "junior high",
        "my teacher", "homework", "after school", "before school", "parents said",
        "parents say", "mom said", "mom says", "dad said", "dad says", "my parents",
        "my mom", "my dad", "grounded", "bedtime", "not allowed", "allowed to",
        "school tomorrow", "my class", "recess", "sleepover", "freshman", "sophomore",
        "math class", "school bus", "mom checks", "my curfew", "curfew",
    ),
}


@functools.cache
def explanations() -> dict[RiskIndicator, str]:
    """Each indicator's plain-language explanation: its docstring in :class:`RiskIndicator`.

    The docstrings above are the one definition; they are read from this module's
    source once, on first use (attribute docstrings are not kept at run time).
    """
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    found: dict[RiskIndicator, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == RiskIndicator.__name__:
            body = node.body
            for first, second in itertools.pairwise(body):
                if (isinstance(first, ast.Assign) and isinstance(first.targets[0], ast.Name)
                        and isinstance(second, ast.Expr)
                        and isinstance(second.value, ast.Constant)
                        and isinstance(second.value.value, str)):
                    found[RiskIndicator[first.targets[0].id]] = " ".join(
                        second.value.value.split())
    return found
