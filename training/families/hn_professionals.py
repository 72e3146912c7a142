"""Hard negatives: professionals and helpers in legitimate contact with children.

Coaches, tutors, teachers, youth leaders, mentors, driving and music teachers,
babysitters, support agents and clinic staff talk to children (often with a parent in
the loop) and freely use words that also turn up in grooming: lifts, photos, "how old
are you", secrets that are surprises, "delete it", "add me on Discord", "proud of you".
Every family here is a negative: nothing in these conversations is a warning sign once
the context is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from training.families.scene import Family, Person, Scene

GROUP = "hn_adult_minor"

_KID_NAMES = (
    "Ella",
    "Josh",
    "Aoife",
    "Callum",
    "Isla",
    "Rohan",
    "Mia",
    "Tom",
    "Ciara",
    "Kofi",
    "Hana",
    "Ben",
    "Sophie",
    "Arjun",
    "Lucy",
    "Dylan",
    "Evie",
    "Sean",
    "Zara",
    "Oisin",
    "Maddie",
    "Harvey",
    "Niamh",
    "Ali",
    "Poppy",
    "Jamie",
    "Tara",
    "Reuben",
    "Lola",
    "Kian",
)
_ADULT_FIRST = (
    "Dave",
    "Siobhan",
    "Gareth",
    "Priya",
    "Mark",
    "Joanne",
    "Tom",
    "Fiona",
    "Raj",
    "Claire",
    "Paul",
    "Nicola",
    "Dermot",
    "Helen",
    "Marcus",
    "Yvonne",
    "Ian",
    "Sunita",
    "Kevin",
    "Lorraine",
    "Brendan",
    "Aisha",
    "Graham",
    "Deborah",
    "Tariq",
    "Megan",
    "Rob",
    "Aoife",
    "Stuart",
    "Linda",
)
_SURNAMES = (
    "Reilly",
    "Patel",
    "Okafor",
    "Murphy",
    "Nowak",
    "Hughes",
    "Kowalski",
    "Brennan",
    "Singh",
    "Ahmed",
    "Fischer",
    "Duffy",
    "Campbell",
    "Osei",
    "Walsh",
    "Chen",
    "Moreau",
    "Kaur",
    "Byrne",
    "Thompson",
    "McCarthy",
    "Evans",
    "Fernandes",
    "Doyle",
    "Hassan",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# ---------------------------------------------------------------------------
# shared helpers
# ---------------------------------------------------------------------------


def _setup(s: Scene) -> None:
    """Region words, extra names and a title for the professional."""
    rng = s.rng
    us = rng.random() < 0.3
    s.ctx["mum"] = "mom" if us else ("mam" if rng.random() < 0.1 else "mum")
    s.ctx["Mum"] = s.ctx["mum"].capitalize()
    s.ctx["dad"] = "dad"
    s.ctx["parent"] = rng.choice((s.ctx["mum"], "dad"))
    s.ctx["Parent"] = s.ctx["parent"].capitalize()
    s.ctx["hols"] = "break" if us else rng.choice(("half term", "the holidays", "midterm"))
    others = rng.sample(_KID_NAMES, 3)
    s.ctx["kid2"], s.ctx["kid3"], s.ctx["kid4"] = others
    sur = rng.choice(_SURNAMES)
    title = rng.choice(("Mr", "Ms", "Mrs", "Miss"))
    s.ctx["surname"] = sur
    s.ctx["title"] = f"{title} {sur}"
    s.ctx["sir"] = "sir" if title == "Mr" else "miss"
    s.ctx["month"] = rng.choice(_MONTHS)
    s.ctx["date"] = str(rng.randint(2, 28))
    s.ctx["ref"] = str(rng.randint(100000, 999999))
    s.ctx["n2"] = str(rng.randint(10, 45))
    s.ctx["price"] = str(rng.choice((20, 25, 30, 35, 40, 45, 50)))
    s.ctx["pname"] = rng.choice(_ADULT_FIRST)
    s.night = 0.02


Alt = str | tuple[str, ...]
Pairs = Sequence[tuple[Alt, Alt]]

_DECOR: dict[str, tuple[float, tuple[str, ...], float, tuple[str, ...]]] = {
    "kid": (
        0.2,
        (
            "oh ",
            "ah ",
            "omg ",
            "wait ",
            "ok ",
            "hmm ",
            "yeah ",
            "ohh ",
            "ya ",
            "hiii ",
            "erm ",
            "oo ",
        ),
        0.3,
        (" lol", " haha", " 😅", "!!", " tbh", " ngl", " 🙏", " x", " aha", " 😭", " 😊", " hehe"),
    ),
    "pro": (
        0.3,
        (
            "Hi {kid}! ",
            "Hiya! ",
            "Hey {kid}. ",
            "{kid} - ",
            "Hi again! ",
            "Sorry for the slow reply! ",
            "Hi {kid}, hope you're well. ",
            "Quick one! ",
            "Hope the week's going ok! ",
            "Hello {kid}. ",
        ),
        0.3,
        (
            " Thanks!",
            " Cheers.",
            " Any questions give me a shout.",
            " Ta.",
            " 🙂",
            " Speak soon.",
            " 👍",
            " Shout if you need anything.",
            " Thanks {kid}.",
        ),
    ),
    "formal": (
        0.35,
        (
            "Thanks {kid}. ",
            "Okay. ",
            "Thank you for that. ",
            "Sure. ",
            "Understood. ",
            "Alright {kid}. ",
            "Apologies for the wait. ",
            "Right. ",
            "No problem. ",
        ),
        0.25,
        (
            " Thank you.",
            " Let me know if you have any questions.",
            " Thanks for your patience.",
            " I'm here if you need anything else.",
        ),
    ),
    "parent": (
        0.25,
        ("Hi! ", "Hi there. ", "Sorry for the delay. ", "Just seen this. ", "Hello! ", "Hiya. "),
        0.25,
        (
            " Thanks.",
            " Many thanks!",
            " x",
            " 🙂",
            " Thanks again.",
            " Cheers.",
            " Much appreciated.",
        ),
    ),
}
_GREETINGS = (
    "hi",
    "hello",
    "hey",
    "hiya",
    "morning",
    "evening",
    "dear",
    "good",
    "thanks",
    "thank",
    "[",
    "reminder",
    "appointment",
)


_INTERJ = (
    "oh",
    "ah",
    "omg",
    "wait",
    "ok",
    "hmm",
    "yeah",
    "ya",
    "erm",
    "oo",
    "yes",
    "no",
    "yay",
    "lol",
    "haha",
    "k",
    "kk",
    "yep",
    "yup",
    "sure",
    "noo",
    "yess",
)
_KID_SHORT_SUF = (" lol", " haha", " 😅", "!!", " x", " 😊", " hehe", " 🙏")


def _role(s: Scene, who: Person, role: str) -> Person:
    s.ctx[f"_role_{who.pid}"] = role
    return who


def _alt(s: Scene, x: Alt) -> str:
    return x if isinstance(x, str) else s.rng.choice(x)


def _say(s: Scene, who: Person, text: Alt, gap: str = "reply") -> None:
    """``Scene.say`` with a light per-role greeting or sign-off so wordings rarely repeat.

    A greeting is only added when a new topic starts (``gap`` other than ``reply``) or
    for a child; sign-offs never follow a question or a thank-you.
    """
    role = s.ctx.get(f"_role_{who.pid}", "pro")
    p_pre, pres, p_suf, sufs = _DECOR[role]
    body = s.fill(_alt(s, text))
    low = body.lower()
    first = low.split(" ", 1)[0] if low else ""
    if (
        s.rng.random() < p_pre
        and (gap != "reply" or role in ("kid", "formal"))
        and "hank" not in low
        and any(c.isalpha() for c in body)
        and not first.startswith(_GREETINGS + _INTERJ)
        and not low.startswith(s.ctx["kid"].lower())
    ):
        body = s.fill(s.rng.choice(pres)) + body
    if s.rng.random() < p_suf and "hank" not in low and not low.endswith(("?", "!!", "]")):
        if role == "kid" and len(body.split()) < 4:
            sufs = _KID_SHORT_SUF
        body = body + s.fill(s.rng.choice(sufs))
    s.say(who, body, gap=gap)


def _ex(s: Scene, a: Person, b: Person, pairs: Pairs, gap: str = "reply", p_b: float = 1.0) -> None:
    """``a`` says the first half of a pair, ``b`` answers with the matching second half."""
    first, second = s.rng.choice(list(pairs))
    _say(s, a, first, gap)
    if second and s.rng.random() < p_b:
        _say(s, b, second)


def _kid(s: Scene, lo: int, hi: int, p_unknown: float = 0.12) -> Person:
    age = s.rng.randint(lo, hi)
    k = _role(s, s.person(age, "kid" if age < 13 else "teen", p_unknown=p_unknown), "kid")
    s.ctx["kid"] = k.name
    s.ctx["age"] = str(age)
    s.ctx["next_age"] = str(age + 1)
    return k


def _adult(
    s: Scene, lo: int, hi: int, voice: str, p_unknown: float = 0.08, role: str = "pro"
) -> Person:
    who = s.person(
        s.rng.randint(lo, hi), voice, p_unknown=p_unknown, name=s.rng.choice(_ADULT_FIRST)
    )
    return _role(s, who, role)


def _parent(s: Scene, voice: str | None = None) -> Person:
    p = _adult(
        s, 33, 56, voice or s.rng.choice(("adult", "adult", "casual", "elder")), 0.1, role="parent"
    )
    s.ctx["pname"] = p.name
    return p


def _run(
    s: Scene,
    blocks: Sequence[Callable[[], None]],
    lo: int,
    hi: int,
    gaps: Sequence[str] = ("days", "days", "hours", "weeks", "pause"),
    talk: tuple[Person, Person] | None = None,
    rounds: bool = True,
    repeat: Sequence[Callable[[], None]] = (),
) -> None:
    """Run random subsets of ``blocks`` in random order, with session gaps between.

    With ``rounds`` the conversation sometimes spans two or three rounds (a new term,
    a new season) that reuse the same kinds of business with fresh wording. With
    ``talk`` = (adult, child), new sessions sometimes open with small talk. Only the
    blocks in ``repeat`` (routine logistics) come back in a later round.
    """
    n_rounds = s.rng.choices((1, 2, 3), weights=(0.55, 0.33, 0.12))[0] if rounds else 1
    first = True
    done: set[Callable[[], None]] = set()
    for r in range(n_rounds):
        if r:
            s.wait("weeks")
        avail = [b for b in blocks if b not in done or b in repeat]
        k = min(len(avail), s.rng.randint(lo, hi))
        for block in s.rng.sample(avail, k):
            done.add(block)
            if len(s.messages) > 56:
                return
            if not first:
                s.wait(s.rng.choice(gaps))
                if talk is not None and s.chance(0.3):
                    _small_talk(s, talk[0], talk[1], 1)
            first = False
            block()


_KID_OK = (
    "ok",
    "okay",
    "ok thanks",
    "kk",
    "yep",
    "got it",
    "ok cool",
    "alright",
    "thank you!",
    "yes",
    "sure",
    "oki",
    "ok will do",
    "thanks",
    "cool thx",
    "ty",
    "yeah ok",
    "k",
    "okay thank you",
    "sounds good",
    "ok np",
    "yup",
    "noted",
    "will do",
    "okie",
    "yes thats fine",
    "perfect",
    "ok great",
    "ah ok",
    "ok thank u",
    "yh",
    "yeah",
    "no problem",
    "alright thanks",
)
_ACK_TAIL = (
    "thanks",
    "see u {day}",
    "ill tell my {mum}",
    "cool",
    "ty",
    "see you then",
    "my {mum} says thanks",
    "will remember",
    "👍",
    "sorry for the late reply",
)


def _ack(s: Scene, *extra: str) -> str:
    """A child's acknowledgement of a notice, sometimes with a tail."""
    base = s.pick(*_KID_OK, *extra)
    if s.chance(0.3) and "hank" not in base and "ty" not in base:
        base = f"{base} {s.pick(*_ACK_TAIL)}"
    return base


# (questions that all fit, ((answers, reactions that fit them), ...))
_Topic = tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]
_SMALL: tuple[_Topic, ...] = (
    (
        (
            "How was school today?",
            "Good day at school?",
            "How's school this week?",
            "Survived school today? 😄",
            "School ok?",
        ),
        (
            (
                ("ok", "it was alright", "fine", "not bad"),
                ("Good stuff.", "Nearly the weekend.", "That'll do."),
            ),
            (
                ("boring lol", "long. so long", "tiring", "meh", "{n} lessons of {subject} 😭"),
                (
                    "Ha, fair.",
                    "Hang in there!",
                    "One day closer to {hols}!",
                    "We've all been there.",
                ),
            ),
            (
                (
                    "fine, we had a sub in {subject}",
                    "we had a fire drill in {subject} lol",
                    "good we did {subject} outside",
                ),
                ("Classic.", "Ha, easy day then.", "Not bad at all."),
            ),
            (("good actually", "really good, we had a trip"), ("Glad to hear it.", "Love that.")),
        ),
    ),
    (
        (
            "Did you have a good weekend?",
            "Get up to much at the weekend?",
            "Good weekend?",
            "How was your weekend {kid}?",
        ),
        (
            (
                (
                    "yeah went to {place} with my {sibling}",
                    "we went to {city} to see my aunt",
                    "birthday party on saturday it was fun",
                    "went to my nans",
                ),
                ("Sounds good.", "Nice one.", "Lovely.", "Sounds like a proper weekend."),
            ),
            (
                ("not really just played {game}", "slept mostly lol", "homework 😭", "not much"),
                ("Well deserved rest!", "Can't beat a lazy weekend.", "Fair enough."),
            ),
        ),
    ),
    (
        (
            "How did the {subject} test go?",
            "Was the {subject} exam ok in the end?",
            "Any news on the {subject} test?",
        ),
        (
            (
                ("got a B!", "passed!!", "better than last time", "{n} out of 10!"),
                ("Well done.", "Brilliant!", "Proper effort, well done.", "Great stuff."),
            ),
            (
                ("dont ask 😭", "it was sooo hard", "the last question was weird"),
                ("Next one will be better.", "I'm sure it was better than you think.", "Onwards!"),
            ),
            (
                ("not back yet", "teacher hasnt marked them yet"),
                ("Fingers crossed.", "Let me know when you hear."),
            ),
        ),
    ),
    (
        ("Still playing {game}?", "Are you still into {game}?", "Still on {game} every night? 😄"),
        (
            (
                (
                    "yeah every day lol",
                    "yes new season came out",
                    "yes my {sibling} got me back into it",
                ),
                (
                    "Ha, I'd be hopeless at it.",
                    "My nephew's obsessed with it too.",
                    "I'm too old to keep up with these games.",
                ),
            ),
            (("only weekends, {mum}s rule",), ("Sensible rule 😄", "Fair enough!")),
            (
                ("a bit, got bored of it", "not really", "nah im into something else now"),
                ("Fair enough!", "Ha, on to the next thing."),
            ),
        ),
    ),
    (
        ("How's the {pet}?", "How's the famous {pet}?", "Is your {pet} behaving?"),
        (
            (
                ("fine lol", "chaotic as usual", "sleeping on my homework rn", "fat lol"),
                ("Sounds about right!", "Ha, brilliant.", "Good to hear."),
            ),
            (
                ("it got out yesterday 😂", "it escaped again"),
                ("Ha, the escape artist.", "Oh no! Found it I hope?"),
            ),
        ),
    ),
    (
        ("Off anywhere for {hols}?", "Any plans for {hols}?", "When do you break up for {hols}?"),
        (
            (
                ("we're going to my nans", "camping i think", "{city} to see my cousins"),
                ("Sounds great.", "Enjoy it.", "Lucky you."),
            ),
            (("just staying home", "not really"), ("Nice to have a rest.", "Enjoy the lie-ins.")),
            (("next friday!!", "not for ages 😭"), ("Nearly there!", "You'll get there.")),
        ),
    ),
    (
        (
            "Did you watch {show}?",
            "Have you seen the new {show} yet?",
            "Are you watching {show}? Everyone keeps talking about it.",
        ),
        (
            (
                ("yess it was so good", "i binged the whole thing"),
                ("No spoilers, I'm behind!", "Worth it I hear."),
            ),
            (
                ("not yet", "no spoilers!!", "my {sibling} spoiled it 😭"),
                ("My lips are sealed.", "Ha, no spoilers from me."),
            ),
            (("its kinda boring tbh",), ("Ha, fair enough.", "Saves me watching it then.")),
        ),
    ),
    (
        ("Did you get soaked earlier?", "Did you get caught in that rain?"),
        (
            (
                ("yes 😭", "completely", "my shoes are still wet"),
                ("Get warm!", "Typical.", "Hot chocolate weather."),
            ),
            (("no i had my hood", "no my {dad} picked me up"), ("Good planning.", "Lucky!")),
        ),
    ),
    (
        ("How was the holiday?", "Welcome back! Good trip?", "Did you have a nice break?"),
        (
            (
                ("amazing we went to {city}", "good, the hotel had a pool"),
                ("Sounds lovely.", "Glad you had fun."),
            ),
            (
                (
                    "too short",
                    "it rained the whole time lol",
                    "my {sibling} was sick the whole time",
                ),
                ("Oh no! Next time.", "Back to reality now 😄"),
            ),
        ),
    ),
    (
        ("Did you see the match last night?", "Watch the game at the weekend?"),
        (
            (
                ("yesss what a goal", "yes my {dad} was shouting at the tv lol"),
                ("What a finish it was.", "Ha, same in my house."),
            ),
            (
                ("no i was at my cousins", "no we were out"),
                ("You missed a good one.", "Catch the highlights."),
            ),
            (("we lost 😭",), ("Next year!", "Ah, painful.")),
        ),
    ),
    (
        ("What are you listening to these days?", "Still a big {artist} fan?"),
        (
            (
                (
                    "{artist} on repeat",
                    "mostly {artist}",
                    "yes!! forever",
                    "my {sibling} got me into {artist}",
                ),
                ("Good taste.", "I'll have to have a listen.", "Ha, a classic."),
            ),
            (
                ("random stuff off tiktok", "not really anymore"),
                ("Fair enough.", "Ha, I can't keep up."),
            ),
        ),
    ),
    (
        ("How's the {hobby} going?", "Still doing {hobby}?"),
        (
            (
                ("good! i did a new one", "yeah im getting better", "ok i practise on weekends"),
                ("Good for you.", "Keep at it.", "Love that."),
            ),
            (
                ("gave up lol", "not much time with school"),
                ("Fair, school comes first.", "Maybe in the summer."),
            ),
        ),
    ),
    (
        ("Busy week?", "Lots on this week?"),
        (
            (
                ("sooo busy", "{n} tests this week", "yeah loads of homework"),
                ("Pace yourself.", "Nearly there!", "Good luck with it all."),
            ),
            (("not really", "no its chill"), ("Nice when it's quiet.", "Enjoy it!")),
        ),
    ),
)
_SMALL_REV: Pairs = (
    (
        ("how was ur weekend", "how was ur week"),
        (
            "Good thanks! Spent it painting the kitchen.",
            "Quiet one, lots of gardening.",
            "Busy, but good. Thanks for asking.",
            "Grand, nothing exciting.",
        ),
    ),
    (
        ("did u have a good holiday",),
        ("Lovely thanks, went to {city} to see family.", "I did, thanks! Too short though."),
    ),
)


def _small_talk(s: Scene, adult: Person, kid: Person, n: int) -> None:
    """``n`` short adult-asks-child exchanges; a topic is used at most once per scene."""
    used = set(s.ctx.get("_talk", "").split(","))
    topics = [i for i in range(len(_SMALL)) if str(i) not in used]
    for i in s.rng.sample(topics, min(n, len(topics))):
        used.add(str(i))
        questions, answers = _SMALL[i]
        answer, reacts = s.rng.choice(answers)
        _say(s, adult, questions, gap="pause")
        _say(s, kid, answer)
        if s.chance(0.6):
            _say(s, adult, reacts)
        if s.chance(0.15) and "rev" not in used:
            used.add("rev")
            _ex(s, kid, adult, _SMALL_REV)
    s.ctx["_talk"] = ",".join(sorted(used))


def _parent_thanks(s: Scene, parent: Person) -> None:
    _say(
        s,
        parent,
        (
            "Thanks so much, really appreciate it.",
            "Brilliant, thank you!",
            "That's great, thanks for letting me know.",
            "Perfect, thank you.",
            "Thank you, that's a big help.",
            "Great stuff, cheers.",
            "Lovely, thanks a million.",
            "Noted, thanks!",
            "Thank you, much appreciated 🙏",
            "Ok great. Thanks for sorting it.",
        ),
    )


# ---------------------------------------------------------------------------
# 1. coach
# ---------------------------------------------------------------------------

_SPORT_KIT = {
    "football": "boots, shin pads and a water bottle",
    "hockey": "stick, gum shield and shin pads",
    "netball": "trainers, bib and a water bottle",
    "basketball": "trainers and a water bottle",
    "rugby": "boots, gum shield and a spare top",
    "swimming": "goggles, hat and a towel",
    "athletics": "spikes, a warm layer and water",
    "hurling": "helmet, hurl and gloves",
    "gymnastics": "leotard and hair tied back",
    "cricket": "whites, pads and a water bottle",
    "volleyball": "knee pads and trainers",
}


def _coach(s: Scene) -> None:
    _setup(s)
    sport = s.rng.choice(tuple(_SPORT_KIT))
    s.ctx["sport"] = sport
    s.ctx["kit"] = _SPORT_KIT[sport]
    kid = _kid(s, 10, 16, 0.12)
    coach = _adult(s, 22, 60, s.rng.choice(("adult", "casual", "casual")), 0.08)
    parent = _parent(s) if s.chance(0.4) else None
    s.ctx["coach"] = coach.name

    _say(
        s,
        coach,
        (
            "Hi {kid}, training moved to {day} at {time} this week.",
            "Reminder: {sport} is on {day} at {time}, bring {kit}.",
            "Hey {kid}! No session on {day}, the pitch is waterlogged. Back on next week.",
            "Hi {kid}, session this {day} starts {time} sharp please.",
            "{kid} are you still ok for {day}? Need numbers for the match.",
            "Morning! Squad for {day} is up on the club page, you're in.",
            "Hiya {kid}, just checking you got the message about {day}?",
            "Hi {kid}, it's {coach} from {sport}. Match on {day}, meet at the clubhouse at {time}.",
        ),
    )
    if parent is not None and s.chance(0.5):
        _ex(
            s,
            parent,
            coach,
            (
                (
                    ("Thanks {coach}, {kid} will be there.", "Got it, thanks!"),
                    ("Great stuff.", "Brilliant.", ""),
                ),
                (
                    "Will {kid} need money for the bus?",
                    ("No need, we're going together in the minibus.", "No, we're car-sharing."),
                ),
                (
                    "Ok noted. What time will it finish roughly?",
                    ("Should be done by {time} or so.", "Back by half five at the latest I'd say."),
                ),
            ),
        )
    _ex(
        s,
        kid,
        coach,
        (
            (_ack(s, "ok coach", "yes coach", "ill be there", "ok will tell my {mum}"), ""),
            (
                ("can i come a bit late i have {subject} club", "i might be 10 mins late"),
                ("No problem, just warm up when you get there.", "That's fine, let me know."),
            ),
            (
                ("is {kid2} playing", "who else is going"),
                ("Yep, full squad.", "Most of the team, {kid2} and {kid3} included."),
            ),
        ),
    )

    if s.chance(0.6):
        _small_talk(s, coach, kid, s.rng.randint(1, 2))

    def lift() -> None:
        _say(
            s,
            coach,
            (
                "Your {mum} messaged me, I'll pick you up at {time} on {day} for the away game, "
                "ok?",
                "I'll pick you up from yours at {time}, your {dad} said that's fine.",
                "Lifts for {day}: I'm collecting you, {kid2} and {kid3}. Your {mum} said ok.",
                "Your {dad} asked if I could drop you home after training, no bother, {kid2} is in "
                "the car too.",
                "Can you be at the end of your road for {time}? I'll pick you up with the others, "
                "your {parent} knows.",
                "I've got space in the car for {day}, your {mum} asked so I'll swing by about "
                "{time}.",
            ),
            gap="pause",
        )
        if parent is not None:
            _ex(
                s,
                parent,
                coach,
                (
                    ("Thanks, {kid} will be ready at the door.", ("Great.", "👍", "")),
                    (
                        "That's brilliant, I'm working till six so it really helps.",
                        ("No bother at all.", "Happy to help."),
                    ),
                    (
                        "Thank you! Drop {kid} back to the house, I'll be in from half six.",
                        ("Will do.", "Perfect."),
                    ),
                    (
                        "Lovely. Text me when you're on the way back?",
                        ("Yep I'll text when we leave.", "Will do."),
                    ),
                    (
                        "Thank you so much. I'll do the lift next week to make up for it.",
                        ("Sounds good, I'll put you down for the next one 😄", "Deal!"),
                    ),
                ),
            )
        _ex(
            s,
            kid,
            coach,
            (
                (("ok thanks", "thank u", "yeah ok", "ok ill be ready", "will be outside"), ""),
                (
                    "what time do we get back",
                    ("Should be back by six.", "Late afternoon, I'll keep your {parent} posted."),
                ),
                (
                    "can {kid2} sit in the front lol",
                    ("Nobody under 12 sits in the front, rules!", "We'll see 😄"),
                ),
            ),
        )

    def form() -> None:
        _say(
            s,
            coach,
            (
                "Did your {parent} sign the registration form? Send me a pic of it when it's done.",
                "Can you send me a photo of the medical form once your {mum} has filled it in?",
                "Just need a pic of the signed consent form for the tournament, send it whenever.",
                "Still missing your form for the league, can you snap a photo of it and send it "
                "here?",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            coach,
            (
                (
                    ("[photo]", "here [photo]", "here u go [photo]"),
                    ("Perfect, thanks.", "Got it, cheers.", "Great, that's the last one I needed!"),
                ),
                (
                    ("ok ill ask her tonight", "ill get my dad to sign it"),
                    ("Great, thanks.", "No rush, before {day} is fine."),
                ),
                (
                    ("wait which form", "what form"),
                    (
                        "The one from the pack, with the medical bit. Your {parent} will know.",
                        "The green one, I gave them out at training.",
                    ),
                ),
                (
                    ("i lost it 😭", "i cant find it"),
                    (
                        "No worries, there's a spare at the clubhouse.",
                        "I'll email your {parent} a copy.",
                    ),
                ),
                (
                    "my {mum} said she emailed it to the club",
                    ("Ah brilliant, I'll check with the secretary.", "Perfect, I'll look for it."),
                ),
            ),
        )
        if parent is not None and s.chance(0.5):
            _ex(
                s,
                parent,
                coach,
                (
                    ("I'll email it over tonight, is that ok?", ("Perfect, thanks.", "Of course.")),
                    ("Signed and sent in with {kid} on {day}.", ("Great, thanks.", "👍")),
                    ("Done, photo attached [photo]", ("Got it, thanks!", "Lovely, all sorted.")),
                ),
            )

    def age_form() -> None:
        _say(
            s,
            coach,
            (
                "How old are you turning this year? Need it for the league form.",
                "Quick q, what's your date of birth? The league needs it for the age group.",
                "How old are you again {kid}? Working out if you're U{next_age}s or still U{age}s.",
                "Are you {age} or {next_age} now? Filling in the squad sheet.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            coach,
            (
                (
                    (
                        "{next_age} in {month}",
                        "im {age}",
                        "{age}, birthday is {date} {month}",
                        "{age} but {next_age} soon",
                    ),
                    (
                        "Grand, thanks.",
                        "Perfect, that's you in the right group then.",
                        "Great, cheers. League needs a copy of ID too, I'll ask your {parent}.",
                    ),
                ),
                (
                    "ask my {mum} shes got the birth cert thing",
                    ("Will do, thanks.", "No problem, I'll message her."),
                ),
            ),
        )

    def photos() -> None:
        _say(
            s,
            coach,
            (
                "Got some great photos from the match, I'll put them on the club page. Your "
                "{parent} "
                "ticked yes on the photo consent.",
                "Photographer from the local paper is coming {day}, team photo at {time}, full "
                "kit.",
                "Your {mum} asked for a pic of you with the trophy so I sent it to her.",
                "Team photo is up in the parents' group! You all look like pros.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            coach,
            (
                (
                    ("omg i look so weird in that one", "my eyes are closed in it 😭"),
                    ("Ha, you look great.", "Nobody will notice, honestly."),
                ),
                (
                    ("can u send me it too", "can i get a copy"),
                    (
                        "Ask your {parent}, they're all in the parents' group.",
                        "I'll send them to your {parent}.",
                    ),
                ),
                (
                    ("do i have to wear the socks", "do we need the training top"),
                    ("Yes, full kit please, socks and all.", "Match kit please."),
                ),
                (("nice", "yesss", "ok"), ""),
            ),
        )

    def praise() -> None:
        _say(
            s,
            coach,
            (
                "Really proud of you today. You kept your head when it got tough.",
                "That was so mature the way you handled the ref. Well done.",
                "Great effort on {day}. You're turning into a real leader out there.",
                "Proud of you, seriously. Last season you wouldn't have tried that.",
                "Massive improvement this term, keep it up.",
                "Well done today, you were brilliant. The whole team was.",
            ),
            gap="hours",
        )
        _ex(
            s,
            kid,
            coach,
            (
                (("thanks coach!!", "thank you", "😊", "omg thanks"), ""),
                (
                    "ty i was so nervous",
                    ("Nerves are normal, you handled them.", "Didn't show at all!"),
                ),
                (
                    "we should have won tho",
                    ("Next week we'll get them.", "Performance was there, results will come."),
                ),
            ),
        )
        if parent is not None and s.chance(0.5):
            _say(
                s,
                parent,
                (
                    "Thanks for all you do with them!",
                    "{kid} was buzzing all evening.",
                    "Couldn't agree more, great game.",
                ),
            )

    def secret_captain() -> None:
        _say(
            s,
            coach,
            (
                "Don't tell the others yet, but you're captain on {day}. I'll announce it at "
                "training.",
                "Keep this a secret for now: we're getting {kid2} a card and cake for their last "
                "game. Can you help?",
                "It's a surprise for Coach {adult}'s 50th at training, can you keep it quiet till "
                "{day}?",
                "Don't say anything to the team yet, new kits arrive {day} and I want to see their "
                "faces.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            coach,
            (
                (
                    ("omg really??", "i wont say anything", "ok my lips are sealed", "haha ok"),
                    ("Good stuff.", "Legend.", "Thanks, see you {day}."),
                ),
                (
                    "can i tell my {mum}",
                    (
                        "Of course tell your {parent}, just not the team.",
                        "Yes, your {parent} knows already 😄",
                    ),
                ),
                ("yes!! ill bring a card", ("Perfect, thank you.", "Great, bring it {day}.")),
            ),
        )

    def injury() -> None:
        _say(
            s,
            coach,
            (
                "How's the ankle?",
                "How's the knee after {day}?",
                "Your {mum} said you were sick, feeling better?",
                "Hope the wrist is ok?",
            ),
            gap="hours",
        )
        _ex(
            s,
            kid,
            coach,
            (
                (
                    ("still sore", "doctor said 2 weeks"),
                    ("Don't rush it, sit out {day}.", "Rest it, we'll see you when it's better."),
                ),
                (
                    ("better thanks", "its fine now", "i think i can play"),
                    (
                        "Good, but no heroics.",
                        "Great, take it easy at the start.",
                        "Let me know what the physio says.",
                    ),
                ),
            ),
        )

    def group_chat() -> None:
        _say(
            s,
            coach,
            (
                "I'm adding you to the team group chat, parents are in there too so no nonsense 😄",
                "We're moving the team chat to {app}, your {parent} is already in it.",
                "Can you join the club {app} group? All the fixtures go up there.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            coach,
            (
                (("ok", "ok joined", "joined!"), ("Great.", "👍")),
                (
                    ("im not allowed {app} yet", "i dont have {app}"),
                    (
                        "No worries, your {parent} can pass things on.",
                        "Fair enough, I'll keep texting you and your {parent} here.",
                    ),
                ),
                ("my {mum} will add me", ("Perfect.", "Great, thanks.")),
            ),
        )

    _run(
        s,
        (lift, form, age_form, photos, praise, secret_captain, injury, group_chat),
        2,
        6,
        repeat=(lift, form, praise, injury, photos),
        talk=(coach, kid),
    )
    if s.chance(0.7):
        _say(
            s,
            coach,
            (
                "See you {day}!",
                "Have a good one.",
                "Right, see you at training.",
                "Any problems give me a shout.",
                "See you Saturday, early night!",
            ),
            gap="pause",
        )
        if s.chance(0.5):
            _say(s, kid, ("bye", "see u", "👍", "thanks!", "cya"))


# ---------------------------------------------------------------------------
# 2. tutor
# ---------------------------------------------------------------------------


def _tutor(s: Scene) -> None:
    _setup(s)
    s.ctx["tsub"] = s.rng.choice(
        (
            "maths",
            "maths",
            "physics",
            "chemistry",
            "English",
            "French",
            "piano theory",
            "Irish",
            "biology",
            "Spanish",
        )
    )
    kid = _kid(s, 11, 17, 0.12)
    tutor = _adult(s, 19, 64, s.rng.choice(("adult", "casual", "formal")), 0.1)
    parent = _parent(s) if s.chance(0.45) else None

    _say(
        s,
        tutor,
        (
            "Hi {kid}, hope the week's going ok. For {day} can you do questions 4 to 9 on page "
            "{n2}?",
            "Hello {kid}! Still on for {day} at {time}?",
            "Hi {kid}, it's {adult} your {tsub} tutor. Just confirming {day} at {time}.",
            "Hey {kid}, quick reminder about the {tsub} homework before {day}.",
            "Hi both, confirming the {tsub} session {day} at {time}, same place as usual.",
        ),
    )
    _ex(
        s,
        kid,
        tutor,
        (
            (_ack(s, "yes still on", "yeah ill be there", "ok i started them already"), ""),
            ("what page was it again", ("Page {n2}, questions 4 to 9.", "Page {n2}!")),
            (
                "can we do {time} instead",
                (
                    "Let me check... yes, {time} works.",
                    "I can't do {time} sorry, can we keep it as is?",
                ),
            ),
        ),
    )
    if s.chance(0.5):
        _small_talk(s, tutor, kid, s.rng.randint(1, 2))

    def working() -> None:
        _say(
            s,
            tutor,
            (
                "If you get stuck, send a photo of your working and I'll see where it goes wrong.",
                "Can you send me a pic of your working for question {n}? No need to write it out "
                "again.",
                "Send a photo of the past paper when you're done and I'll mark it before {day}.",
                "Snap a photo of the essay plan and send it over, I'll leave comments.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            tutor,
            (
                (
                    ("[photo]", "here [photo]", "[photo] [photo]"),
                    (
                        "Thanks! You've got the method, you just dropped a minus sign in line two.",
                        "That's mostly right, check your units in the last bit.",
                        "Nice. Part b: try factorising first and see what happens.",
                        "Really good, the conclusion just needs one more example.",
                    ),
                ),
                (
                    ("here [photo] its really messy sorry", "[photo] sorry about my handwriting"),
                    (
                        "Messy is fine! The second half is really good.",
                        "I can read it, don't worry. Good work.",
                    ),
                ),
                (
                    ("i dont get part b at all", "i'm stuck on the last one"),
                    (
                        "Ok, we'll go through part b together on {day}, don't stress.",
                        "Send what you have and I'll give you a hint.",
                    ),
                ),
                (("ok ill send it later", "will do after dinner"), ("No rush.", "Perfect.")),
            ),
        )
        if s.chance(0.4):
            _say(
                s,
                kid,
                ("ohhh", "ugh minus signs", "ok that makes sense", "thanks!!", "oh i see it now"),
            )

    def resched() -> None:
        _say(
            s,
            kid,
            (
                "can we move {day}? i have a match",
                "sorry can we do a different day this week",
                "my {mum} said to ask if we can start at {time} instead",
                "i might be late on {day}, bus thing",
            ),
            gap="hours",
        )
        _say(
            s,
            tutor,
            (
                "No problem, how about {day} at {time}? Check with your {parent} first.",
                "That's fine. I'll message your {parent} to find a new slot.",
                "Sure, just let me know by tomorrow so I can give the slot to someone else.",
                "Of course. We'll sort something out.",
            ),
        )
        if parent is not None:
            _ex(
                s,
                parent,
                tutor,
                (
                    (
                        "Sorry for the late notice! {day} at {time} works for us.",
                        ("Great, see you then.", "Perfect."),
                    ),
                    (
                        "Yes that's fine with me, same fee?",
                        ("Yes, same as always.", "Yes of course."),
                    ),
                    (
                        "{day} is better actually, thanks for being flexible.",
                        ("No problem at all.", "Happy to."),
                    ),
                ),
            )
        else:
            _say(s, kid, ("ok thanks", "ill ask her", "yeah {day} is fine", "thank u"))

    def library() -> None:
        _say(
            s,
            tutor,
            (
                "The café's closed {day}, shall we meet at the library instead? Your {parent} is "
                "fine with it.",
                "Let's meet at the library at {time}, I've booked a study room. Bring your "
                "calculator.",
                "We can meet at the library on {day}, it's quieter. I'll be by the front desk.",
                "Library at {time} as usual? I'll grab a table near the entrance.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            tutor,
            (
                (
                    ("ok", "sounds good", "ok see u there"),
                    ("Great, see you there.", "Perfect.", ""),
                ),
                (
                    ("which library", "the one on main street?"),
                    ("The main one near the station.", "Yes, the big one in town."),
                ),
                ("ok my {dad} will drop me", ("Perfect.", "Great, see you there.")),
                (
                    "can i bring {kid2}? same test",
                    (
                        "Of course, if their parents are ok with it.",
                        "Sure, two heads are better than one.",
                    ),
                ),
            ),
        )
        if parent is not None and s.chance(0.5):
            _say(
                s,
                parent,
                (
                    "I'll drop {kid} off and collect after.",
                    "Works for us, thanks.",
                    "I'll be in the café next door if you need me.",
                ),
            )

    def mature() -> None:
        _say(
            s,
            tutor,
            (
                "I have to say, you're so mature about deadlines. Most students leave it to the "
                "night before!",
                "Really impressed you emailed ahead. That's very grown up.",
                "You've handled the pressure of mocks really well, proud of you.",
                "You're much more organised than I was at {age}!",
            ),
            gap="pause",
        )
        _say(
            s,
            kid,
            (
                "haha thanks",
                "my {mum} makes me",
                "😅",
                "ty",
                "i panic if i leave it",
                "its cause i have a planner now",
            ),
        )

    def parent_reminder() -> None:
        if parent is None:
            _ex(
                s,
                tutor,
                kid,
                (
                    (
                        "Can you remind your {mum} that the invoice for this month is in her "
                        "email?",
                        ("ok", "ill tell her", "ok will do"),
                    ),
                    (
                        "Please tell your {parent} I'll be away {day}, I'll message them too.",
                        ("ok", "ok enjoy", "ok will tell them"),
                    ),
                    (
                        "Could you ask your {parent} to call me about the exam plan?",
                        ("ok", "ill tell them tonight"),
                    ),
                ),
                gap="pause",
            )
            return
        _ex(
            s,
            tutor,
            parent,
            (
                (
                    "Hi {pname}, quick update: {kid} is working really hard. I'd suggest an extra "
                    "session before the exam.",
                    ("Yes let's add the extra session.", "Great to hear, yes please."),
                ),
                (
                    "Hi {pname}, the invoice for this month is {price} per session, I've sent it "
                    "by email.",
                    ("Paid, thanks.", "Thanks, will sort it tonight."),
                ),
                (
                    "Just a heads up {pname}, I'm away next {day} so we'll skip that week.",
                    ("No problem, enjoy the break.", "Thanks for letting us know."),
                ),
                (
                    "Hi {pname}, {kid} did a full past paper and got a 6. Really good progress.",
                    ("That's great to hear, thank you!", "Thanks, {kid} was delighted with that."),
                ),
            ),
            gap="pause",
        )

    def delete_file() -> None:
        _say(
            s,
            tutor,
            (
                "Delete the old worksheet I sent, there was a mistake in question {n}. New one "
                "attached.",
                "Ignore and delete the first file, wrong answers in it 🙈 Use this version.",
                "You can delete the notes from last week, this summary covers everything.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            tutor,
            (
                (("ok", "done", "ok thanks"), ""),
                (
                    "i already did q{n} 😭",
                    (
                        "Sorry! Your answer was probably right then.",
                        "My fault, sorry! Check it against the new one.",
                    ),
                ),
            ),
        )

    def results() -> None:
        _say(
            s,
            kid,
            (
                "i got my results!!",
                "got a 7 in the mock",
                "i passed {tsub}!!!",
                "we got the test back",
            ),
            gap="weeks",
        )
        _ex(
            s,
            tutor,
            kid,
            (
                (
                    (
                        "Amazing!! So proud of you, all that work paid off.",
                        "Knew you could do it 🎉",
                        "Brilliant news, well done. Tell your {parent} I said so.",
                    ),
                    ("thanks for helping", "{mum} is so happy", "better than i thought", "😁"),
                ),
                ("What did you get?!", ("a 6!", "B", "a 7!!", "pass!")),
            ),
        )
        if s.chance(0.5):
            _say(s, tutor, ("Well deserved.", "Celebrate tonight!", "Onwards to the real thing."))

    _run(
        s,
        (working, resched, library, mature, parent_reminder, delete_file, results),
        2,
        6,
        repeat=(working, resched, library, parent_reminder, delete_file),
        talk=(tutor, kid),
    )
    if s.chance(0.6):
        _say(
            s,
            tutor,
            (
                "See you {day}.",
                "Good luck this week!",
                "Any questions just message.",
                "Have a good weekend.",
                "Don't forget your calculator!",
            ),
            gap="pause",
        )


# ---------------------------------------------------------------------------
# 3. teacher on a school platform
# ---------------------------------------------------------------------------


def _teacher(s: Scene) -> None:
    _setup(s)
    kid = _kid(s, 11, 17, 0.1)
    teacher = _adult(s, 24, 63, s.rng.choice(("formal", "adult", "adult")), 0.06)
    s.ctx["plat"] = s.rng.choice(
        ("Teams", "Google Classroom", "Seesaw", "the school app", "Showbie")
    )

    _ex(
        s,
        teacher,
        kid,
        (
            (
                (
                    "Hi {kid}, your {subject} assignment is due {day}. I can see a draft but "
                    "nothing "
                    "submitted yet.",
                    "Good afternoon {kid}. A reminder that the {subject} project is due on {day}.",
                ),
                (
                    "ok {sir}",
                    "sorry {sir} ill do it tonight",
                    "wait is it due {day}??",
                    "i submitted it tho?",
                    "ok thanks {sir}",
                ),
            ),
            (
                "{kid}, you were off on {day}. The worksheet is on {plat} under this week.",
                ("ok thanks {sir}", "ok i saw it", "thank you", "ok ill do it tonight"),
            ),
            (
                (
                    "Hi {kid}, well done on the presentation today.",
                    "Lovely piece of work in class today {kid}.",
                ),
                ("thanks {sir}", "thank you!", "😊", "i was so nervous"),
            ),
            (
                "Hello {kid}, can you check {plat}? I've left feedback on your essay.",
                ("ok {sir}", "ok will look", "thanks {sir}", "is it bad 😬"),
            ),
        ),
    )

    def delete_draft() -> None:
        _say(
            s,
            teacher,
            (
                "You've got two versions uploaded. Delete the draft and leave only the final one.",
                "Please delete the draft from the shared folder so the class can't copy it.",
                "The first file is blank. Delete it and resubmit, I'll mark it as on time.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            teacher,
            (
                (
                    ("ok done", "ok deleted", "done {sir}"),
                    ("Thank you.", "Perfect, got it now.", ""),
                ),
                (
                    "how do i delete it",
                    (
                        "Click the three dots next to the file, then remove.",
                        "Open the assignment, click unsubmit, then remove the file.",
                    ),
                ),
                ("sorry {sir}", ("No problem, easily done.", "No harm done.")),
            ),
        )

    def grade() -> None:
        _say(
            s,
            teacher,
            (
                "What grade did you get in the {subject} mock? I'm your form tutor and need it for "
                "the report.",
                "What grade did you end up with in the end-of-unit test? It's missing from my "
                "list.",
                "Did you get your grade back from the retake?",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            teacher,
            (
                (
                    ("a B", "5", "i got 62%", "an A!", "6"),
                    (
                        "Thanks, that's a solid result.",
                        "Good, that's an improvement.",
                        "Well done, really pleased for you.",
                    ),
                ),
                (
                    ("a C 😬", "4", "not great"),
                    (
                        "We can work on that, don't worry.",
                        "That's a pass, and there's time to improve.",
                    ),
                ),
                (
                    ("havent got it yet", "not yet"),
                    ("Ok, I'll chase it up with the department.", "Let me know when you do."),
                ),
            ),
        )

    def no_answers() -> None:
        _say(
            s,
            teacher,
            (
                "The quiz is individual this time, so don't tell the others the answers please.",
                "Please don't share your answers in the class chat. I know it's tempting!",
                "Keep your answers to yourself till everyone has submitted, some have extra time.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            teacher,
            (
                (
                    ("i wasnt going to", "i didnt!!"),
                    (
                        "I know, it's a reminder to everyone.",
                        "No one's in trouble, just a heads up.",
                    ),
                ),
                (
                    "it was {kid2} not me 😭",
                    (
                        "Nobody's in trouble, it's a message to everyone.",
                        "Don't worry, I'm not blaming anyone.",
                    ),
                ),
                (("ok {sir}", "ok sorry"), ("Thank you.", "Appreciated.")),
            ),
        )

    def trip() -> None:
        _say(
            s,
            teacher,
            (
                "The permission slip for the trip to {city} is due {day}. Has your {parent} "
                "signed it?",
                "Reminder: museum trip on {day}. I still need your slip and the {price} payment.",
                "You can send a photo of the signed permission slip here if the paper one got "
                "lost.",
                "Trip letter went home today, bring the slip back signed by a parent please.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            teacher,
            (
                ("my {mum} signed it ill bring it tomorrow", ("Great, thanks.", "Perfect.")),
                (("[photo]", "here [photo]"), ("Got the photo, that's fine.", "Thanks, received.")),
                (
                    "i lost it sorry",
                    (
                        "There are spare slips at reception.",
                        "I'll send a copy home with you tomorrow.",
                    ),
                ),
                (
                    "can my {dad} pay online",
                    ("Yes, payment is on the school app.", "Yes, through the usual payment link."),
                ),
                (
                    "do we need packed lunch",
                    (
                        "Yes, packed lunch and a coat. We're back by {time}.",
                        "Yes please, and a drink.",
                    ),
                ),
            ),
        )

    def mature() -> None:
        _say(
            s,
            teacher,
            (
                "I wanted to say you handled the group work very maturely today. Thank you.",
                "You were very mature about the situation at lunch. Your head of year knows you "
                "helped.",
                "Proud of you for speaking up in class, that takes guts.",
                "Your reflection was really thoughtful and mature. Well done.",
            ),
            gap="hours",
        )
        _say(s, kid, ("thanks {sir}", "thank you", "😊", "it was nothing", "ok thanks"))

    def lunch_meet() -> None:
        _say(
            s,
            teacher,
            (
                "Can you come to room {n2} at lunch on {day}? The retake is there, a few others "
                "are "
                "doing it too.",
                "Meet me in the library at break and we'll go over the feedback with the group.",
                "Pop by the {subject} office at lunch, I've got your book.",
                "Drama club meets in the hall {day} lunchtime, come along if you want to help with "
                "sets.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            teacher,
            (
                (("ok", "ok {sir} ill be there"), ("Great, see you then.", "")),
                ("can i eat first", ("Yes eat first.", "Of course, come after you've eaten.")),
                ("is it long", ("About 20 minutes.", "No, quick one.")),
            ),
        )

    def surprise() -> None:
        _say(
            s,
            teacher,
            (
                "{title} from {subject} is retiring and we're making a card. Top secret, don't "
                "say a "
                "word!",
                "We're planning a surprise assembly for the Year 11s leaving. Can you keep it "
                "secret?",
                "Can you help with a surprise for {kid2}'s birthday in class? Keep it quiet.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            teacher,
            (
                (
                    ("omg yes", "i wont tell", "haha ok"),
                    ("Brilliant, thank you.", "Great, more at form time."),
                ),
                ("can i sign it", ("Card is in my room, sign it at break.", "Of course!")),
                ("yes ill help", ("Thanks, you're a star.", "Great, come by at lunch {day}.")),
            ),
        )

    def late_hw() -> None:
        _ex(
            s,
            kid,
            teacher,
            (
                (
                    "{sir} my laptop broke can i hand it in {day}",
                    ("Yes, {day} is ok.", "That's fine, thanks for telling me."),
                ),
                (
                    "sorry its late my wifi was down",
                    ("That's fine, thanks for letting me know.", "Ok, this time it's fine."),
                ),
                (
                    "i sent it late last night is that ok",
                    (
                        "Yes, got it. Please don't stay up late doing homework though!",
                        "It's fine, but ask before the deadline next time.",
                    ),
                ),
                (
                    "can i have an extension my nan is sick",
                    ("Sorry to hear that. Take till {day}.", "Of course. Hope she feels better."),
                ),
            ),
            gap="hours",
        )

    _run(
        s,
        (delete_draft, grade, no_answers, trip, mature, lunch_meet, surprise, late_hw),
        3,
        6,
        repeat=(delete_draft, grade, trip, lunch_meet, late_hw),
        gaps=("days", "days", "weeks", "pause"),
        talk=(teacher, kid),
    )
    if s.chance(0.5):
        _say(
            s,
            teacher,
            (
                "See you in class.",
                "Have a good weekend.",
                "Thanks {kid}.",
                "Any problems, reply here.",
            ),
            gap="pause",
        )


# ---------------------------------------------------------------------------
# 4. scout / guide / youth-club leader
# ---------------------------------------------------------------------------


def _scouts(s: Scene) -> None:
    _setup(s)
    s.ctx["org"] = s.rng.choice(
        (
            "Scouts",
            "Guides",
            "Cubs",
            "youth club",
            "Brownies",
            "Explorers",
            "the troop",
            "Boys' Brigade",
            "Girl Scouts",
        )
    )
    kid = _kid(s, 10, 16, 0.12)
    leader = _adult(s, 20, 65, s.rng.choice(("adult", "casual", "elder")), 0.08)
    parent = _parent(s) if s.chance(0.45) else None

    _ex(
        s,
        leader,
        kid,
        (
            (
                (
                    "Hi {kid}, kit list for camp is on the {org} page. Sleeping bag, torch, "
                    "wellies!",
                    "Hello {kid}! Camp is the weekend after next, leaving the hall at {time}.",
                ),
                ("yes!!", "ok", "ill tell my {mum}", "is {kid2} going", "cant wait"),
            ),
            (
                "Hi {kid}, can you remind your {parent} the camp deposit is due this week?",
                ("ok", "ill tell them", "ok will do"),
            ),
            (
                "Hiya {kid}, we're short of helpers for the bake sale {day}, fancy it?",
                ("yes!", "what time", "can {kid2} help too", "ill ask my {mum}"),
            ),
            ("Hi {kid}, great night at {org} yesterday!", ("it was so fun", "thanks!", "😊")),
        ),
    )
    if s.chance(0.45):
        _small_talk(s, leader, kid, s.rng.randint(1, 2))

    def kitlist() -> None:
        _say(
            s,
            leader,
            (
                "Don't forget a warm jumper, it gets cold at night in the tents.",
                "Kit check: waterproofs, two pairs of socks per day, torch, water bottle.",
                "Can you bring a mess tin and cutlery? We're cooking on fires.",
                "Packed lunch for the first day please, we eat on the hike.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            leader,
            (
                (
                    "can i bring my phone",
                    (
                        "Phones stay in the box, leaders have our numbers for parents.",
                        "Phones go in the box at night, sorry!",
                    ),
                ),
                (
                    "what's a mess tin",
                    (
                        "A metal plate and bowl, your {parent} will know.",
                        "A little metal pan set, we have spares if needed.",
                    ),
                ),
                (
                    "do we need money",
                    ("A few pounds for the tuck shop at most.", "No, everything's covered."),
                ),
                ("can i bring sweets", ("A few sweets is fine 😄", "Small bag, and share them!")),
                (("ok", "got it"), ""),
            ),
        )

    def surprise() -> None:
        _say(
            s,
            leader,
            (
                "Keep it secret from the younger ones, but we're doing a night hike on Saturday!",
                "Don't tell the Cubs yet: there's a surprise campfire with marshmallows on the "
                "last "
                "night.",
                "We've a surprise for the group on the last night, can you help set up? Keep it "
                "quiet.",
                "Shh, it's a surprise for {adult} who's leaving. We're getting a card and a cake.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            leader,
            (
                (
                    ("omg yes", "i wont say", "i love night hikes"),
                    ("Great, see you there.", "Brilliant."),
                ),
                (
                    "can i tell {kid2}? they're 13 too",
                    ("Yes, the older ones can know.", "Yes, just not the little ones."),
                ),
                (
                    "what do i need to do",
                    (
                        "Just help carry the stuff from the van.",
                        "Help hide the cake, I'll explain on {day}.",
                    ),
                ),
            ),
        )

    def lift() -> None:
        _say(
            s,
            leader,
            (
                "Your {mum} asked if we could give you a lift to the county event, I'll pick you "
                "up "
                "at {time} with {kid2}.",
                "Lift sharing for camp: you're in my car with {kid2} and {kid3}, your {parent} "
                "signed "
                "the form.",
                "I can drop you home after bonfire night, your {dad} said that's grand.",
            ),
            gap="pause",
        )
        if parent is not None:
            _say(
                s,
                parent,
                (
                    "Thanks, that's a huge help.",
                    "Perfect, {kid} will be ready.",
                    "Great, I'll collect from the hall on the way back.",
                ),
            )
        _say(s, kid, ("ok", "thank u", "yay", "ok ill be outside"))

    def badge() -> None:
        _ex(
            s,
            leader,
            kid,
            (
                (
                    "Send me a photo of your badge work when it's done and I'll sign it off.",
                    ("[photo]", "here [photo]", "ill do it at the weekend"),
                ),
                (
                    "For the cooking badge, can you send a pic of what you made?",
                    ("here [photo] i made {food}", "[photo] it looks better in real life lol"),
                ),
                (
                    "Can you send a photo of your logbook? I'll tick off the hike.",
                    ("[photo]", "i forgot my logbook at nans"),
                ),
                (
                    "Bring your sash next week, your badges have arrived!",
                    ("yay", "my {mum} will sew them on", "how many did i get"),
                ),
            ),
            gap="pause",
        )
        _say(
            s,
            leader,
            (
                "Amazing, that's signed off!",
                "Great work, proud of you.",
                "Lovely.",
                "Brilliant, well done.",
                "No rush, whenever suits.",
            ),
        )

    def age_section() -> None:
        _say(
            s,
            leader,
            (
                "How old are you now {kid}? You might be old enough to move up a section.",
                "When's your birthday? The older section takes people from {next_age}.",
                "How old are you turning? We need it for the camp insurance form.",
            ),
            gap="pause",
        )
        _say(
            s,
            kid,
            ("{age}", "{next_age} in {month}", "{age} but my birthday is next month", "im {age}"),
        )
        _say(
            s,
            leader,
            (
                "Great, I'll talk to your {parent} about moving up.",
                "Thanks!",
                "Perfect, that's you covered.",
            ),
        )
        if parent is not None and s.chance(0.5):
            _say(
                s,
                parent,
                (
                    "Happy for {kid} to move up if there's space.",
                    "Let's chat at pickup on {day}.",
                    "Thanks for thinking of {kid}!",
                ),
            )

    def forms() -> None:
        med = (
            (
                "Still need the medical and consent form before camp please.",
                ("ill tell my {mum}", "my {mum} is doing it tonight"),
                ("Done today, sorry for the delay.", "Filled in and handed back at the hall."),
            ),
            (
                "Reminder: camp balance of {price} is due by {day}.",
                ("she paid it i think", "ill tell my {dad}"),
                ("Paid online just now.", "Will transfer it tonight, thanks for the reminder."),
            ),
            (
                "Any allergies or medication we need to know about for camp?",
                ("i have an inhaler", "im allergic to nuts"),
                ("Only hay fever, tablets are in the wash bag.", "Nothing, thanks for asking."),
            ),
        )
        line, kid_lines, parent_lines = s.rng.choice(med)
        _say(s, leader, line, gap="pause")
        _say(
            s,
            parent if parent is not None else kid,
            parent_lines if parent is not None else kid_lines,
        )
        _say(
            s,
            leader,
            (
                "Thanks!",
                "Great, thank you.",
                "Noted, thanks.",
                "Perfect.",
                "Good to know, I'll put it on the sheet.",
            ),
        )

    _run(
        s,
        (kitlist, surprise, lift, badge, age_section, forms),
        2,
        5,
        talk=(leader, kid),
        repeat=(kitlist, lift, badge, forms),
    )
    if s.chance(0.6):
        _say(
            s,
            leader,
            ("See you {day}!", "Be prepared 😄", "Thanks {kid}!", "See you at the hall."),
            gap="pause",
        )
        if s.chance(0.4):
            _say(s, kid, ("bye", "see u", "cant wait"))


# ---------------------------------------------------------------------------
# 5. coding-club mentor
# ---------------------------------------------------------------------------


def _coding(s: Scene) -> None:
    _setup(s)
    s.ctx["lang"] = s.rng.choice(
        ("Python", "Scratch", "JavaScript", "Unity", "HTML", "Roblox Studio", "micro:bit")
    )
    kid = _kid(s, 11, 17, 0.15)
    mentor = _adult(s, 19, 50, s.rng.choice(("casual", "casual", "adult")), 0.12)
    parent = _parent(s) if s.chance(0.45) else None

    _ex(
        s,
        mentor,
        kid,
        (
            (
                (
                    "hey {kid}! how's the {lang} project going?",
                    "Hi {kid}, just checking in on the project before {day}.",
                    "Hey, it's {adult} from coding club. Did you get the game running?",
                ),
                (
                    "its going ok",
                    "kind of",
                    "no it keeps crashing",
                    "yes!!",
                    "i added a menu",
                    "not really 😭",
                    "i havent had time",
                ),
            ),
            (
                ("yo {kid}, did the bug from tuesday ever go away?",),
                ("no 😭", "yes it was a typo", "kind of"),
            ),
            (("Hi {kid}, nice work at club on {day}.",), ("thanks!", "ty", "😁")),
        ),
    )

    def discord() -> None:
        _say(
            s,
            mentor,
            (
                "Add me on Discord for the club server, your {parent} has the invite link too.",
                "The club has a Discord server now, mentors and parents are in it. Ask your "
                "{parent} "
                "for the link.",
                "We post all the challenges on the club Discord, there's a channel per age group.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            mentor,
            (
                (
                    "im not allowed discord till 13",
                    (
                        "No problem, your {parent} can pass things on.",
                        "That's fine, it's all on the club email list too.",
                    ),
                ),
                (("ok i joined", "joined"), ("Nice, see you in there.", "👍")),
                (
                    "whats the server called",
                    (
                        "It's the club name, link's on the sign-up email.",
                        "Your {parent} has the link.",
                    ),
                ),
                ("my {mum} said ok", ("Great.", "Perfect.")),
            ),
        )
        if parent is not None and s.chance(0.6):
            _say(
                s,
                parent,
                (
                    "I'm in the server, I'll keep an eye on it with {kid}.",
                    "Got the invite, thanks.",
                    "{kid} is only on it at weekends but that's fine.",
                ),
            )

    def screenshot() -> None:
        _say(
            s,
            mentor,
            (
                "send a screenshot of the error and I'll take a look",
                "can you screenshot the console output?",
                "Send me a screenshot of the bit of code with the loop.",
                "pic of the whole error message please, the bottom line is the important bit",
            ),
            gap="pause",
        )
        _say(
            s,
            kid,
            (
                "[screenshot]",
                "here [screenshot]",
                "it says NameError",
                "[photo] sorry its blurry",
                "it says index out of range",
            ),
        )
        _say(
            s,
            mentor,
            (
                "ahh you spelled the variable two different ways, line {n2}",
                "you're looping one too far, use < not <=",
                "you're missing a closing bracket on line {n}",
                "nice, that's an easy one: indent the last line",
                "that means it can't find the file, is it in the same folder?",
            ),
        )
        _ex(
            s,
            kid,
            mentor,
            (
                (("it works!!!", "omg", "thanks so much", "ohh"), ("great debugging!", "🎉", "")),
                (
                    ("lol i'm so dumb", "ugh"),
                    ("not dumb at all, everyone does it", "classic bug, happens to me weekly 😄"),
                ),
            ),
        )

    def delete_reinstall() -> None:
        _say(
            s,
            mentor,
            (
                "delete the node_modules folder and reinstall, that usually fixes it",
                "try deleting the app and reinstalling it, the update broke something",
                "delete the old project file and download the one from the club page",
                "delete your cache and restart, seriously that fixes half of all problems",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            mentor,
            (
                (("that worked", "it works now"), ("nice!", "👍")),
                (
                    "still broken",
                    (
                        "ok bring it on {day} and we'll fix it together",
                        "hmm, I'll have a look at club",
                    ),
                ),
                ("how do i do that", ("I'll send a link with steps", "I'll show you at club")),
            ),
        )

    def hackathon() -> None:
        _say(
            s,
            mentor,
            (
                "Meet at the hackathon on {day}? Starts {time} at the library, parents are welcome "
                "to stay.",
                "The youth hackathon is {day} in {city}, we'll meet at the entrance with the club "
                "banner.",
                "Our team is meeting at the hackathon at {time}, pizza is provided!",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            mentor,
            (
                (
                    "can my {dad} come",
                    ("Of course, lots of parents stay.", "Yes, parents welcome."),
                ),
                (("yes!!", "cant wait"), ("", "Great!")),
                ("how long is it", ("Till about 5.", "All day, pizza at lunch.")),
                (
                    "do i need my laptop",
                    (
                        "Yes bring your laptop and charger.",
                        "If you have one, otherwise we have spares.",
                    ),
                ),
                (
                    "i cant {day}, family thing",
                    ("No worries, next one's in a month.", "No problem, another time."),
                ),
            ),
        )
        if parent is not None and s.chance(0.6):
            _say(
                s,
                parent,
                (
                    "I'll bring {kid} and stay for the morning.",
                    "What time is pickup?",
                    "Sounds great, signed up.",
                ),
            )

    def age_comp() -> None:
        _say(
            s,
            mentor,
            (
                "how old are you? the competition has an under-{next_age} and an over category",
                "what age are you now? need it for the competition entry",
                "are you {age} or {next_age}? sorting the teams by age",
            ),
            gap="pause",
        )
        _say(s, kid, ("{age}", "{age}, {next_age} in {month}", "im {age}"))
        _say(
            s,
            mentor,
            (
                "perfect, you're in the junior category then",
                "cool thanks",
                "nice, I'll ask your {parent} to sign the entry form",
            ),
        )

    def praise() -> None:
        _say(
            s,
            mentor,
            (
                "Your code is really clean, very mature approach for {age}.",
                "Proud of how you stuck with that bug, most people would have given up.",
                "Honestly, that's better than some stuff I see at work.",
                "You explained it to the younger ones really well today.",
            ),
            gap="pause",
        )
        _say(s, kid, ("thanks!!", "lol ty", "😁", "really?", "it took me ages"))

    def secrets() -> None:
        _say(
            s,
            mentor,
            (
                "Quick tip: keep your API key secret, don't put it in the public repo or chat.",
                "Don't share your password with anyone, even me. If someone asks, tell a mentor.",
                "Delete the key from that screenshot, anyone could use it.",
                "Never post your login in the server, even if someone says they're a mod.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            mentor,
            (
                (("oh ok", "ok i didnt know that"), ("no harm done, just good habits", "👍")),
                (("deleted", "oops deleted"), ("good stuff", "easy mistake, I did it too once")),
            ),
        )

    def prize() -> None:
        _say(
            s,
            mentor,
            (
                "Your team won! Everyone gets a {card} gift card, I'll give them to your {parent} "
                "at "
                "pickup.",
                "The club got a grant, so everyone who finished the project gets a micro:bit to "
                "keep.",
                "Sponsor is giving stickers and t-shirts to everyone on {day}.",
            ),
            gap="pause",
        )
        _say(s, kid, ("no way!!", "yesss", "omg", "thank you!!"))

    _run(
        s,
        (discord, screenshot, delete_reinstall, hackathon, age_comp, praise, secrets, prize),
        2,
        6,
        talk=(mentor, kid),
        repeat=(screenshot, delete_reinstall, hackathon),
    )
    if s.chance(0.5):
        _say(
            s,
            mentor,
            (
                "see you at club!",
                "keep going, it's looking great",
                "ping me if stuck",
                "see you {day}",
            ),
            gap="pause",
        )


# ---------------------------------------------------------------------------
# 6. driving instructor
# ---------------------------------------------------------------------------


def _driving(s: Scene) -> None:
    _setup(s)
    kid = _kid(s, 16, 17, 0.15)
    inst = _adult(s, 28, 65, s.rng.choice(("adult", "casual", "elder")), 0.08)
    parent = _parent(s) if s.chance(0.3) else None
    s.ctx["lic"] = s.rng.choice(("provisional", "learner permit", "provisional licence"))

    _ex(
        s,
        inst,
        kid,
        (
            (
                (
                    "Hi {kid}, it's {adult} from the driving school. First lesson {day} at {time}?",
                    "Hi {kid}, your {parent} booked a block of 10 lessons. When suits you to "
                    "start?",
                ),
                ("yes thats fine", "can we do after school", "{day} is good", "im so nervous lol"),
            ),
            (
                (
                    "Hi {kid}, confirming {day} at {time}. I'll pick you up at home as usual.",
                    "Morning {kid}. Lesson {day} {time}, 2 hours this time.",
                ),
                ("ok see u then", "ok", "perfect thanks", "👍"),
            ),
        ),
    )

    def pickup() -> None:
        _ex(
            s,
            inst,
            kid,
            (
                (
                    "I'll pick you up at home at {time}. Bring your {lic}!",
                    ("ok", "ok i have it", "wait i cant find my {lic}"),
                ),
                (
                    "I can pick you up from school at {time} instead if easier, by the front gate.",
                    ("yes pls", "ok thats easier", "ok"),
                ),
                ("Running 10 mins late, traffic. Wait inside till I text.", ("ok", "no worries")),
                ("Outside now, the red car.", ("coming", "2 mins")),
            ),
            gap="pause",
        )
        if s.chance(0.3):
            _say(
                s,
                inst,
                (
                    "Can't drive without it I'm afraid, check your wallet.",
                    "No rush.",
                    "See you shortly.",
                ),
            )

    def nerves() -> None:
        _ex(
            s,
            kid,
            inst,
            (
                (
                    "im really nervous about roundabouts",
                    (
                        "Don't be nervous, we'll do the quiet ones first.",
                        "Totally normal. We'll do loads of them until they're boring.",
                    ),
                ),
                (
                    "what if i stall on the hill again",
                    (
                        "Then you restart, no drama. Everyone stalls.",
                        "You'll get it, we'll practise hill starts first thing.",
                    ),
                ),
                (
                    ("i hate reversing", "is it normal to be this bad at parking lol"),
                    (
                        "We'll do loads of reversing, by the test you'll be bored of it.",
                        "Honestly you're doing fine. It clicks eventually.",
                    ),
                ),
            ),
            gap="hours",
        )
        if s.chance(0.5):
            _say(s, kid, ("ok", "thanks", "hope so", "lol ok"))

    def test() -> None:
        _ex(
            s,
            inst,
            kid,
            (
                (
                    "Send me a photo of the front of your {lic} so I can book the test, I need "
                    "the number.",
                    ("[photo]", "here [photo]"),
                ),
                (
                    "I think you're ready for a mock test next week.",
                    ("omg already", "ok 😬", "really??"),
                ),
                (
                    "Test is {date} {month} at {time}. I'll meet you at the test centre or pick "
                    "you up "
                    "from home, your call.",
                    ("pick me up pls", "my {dad} will drop me"),
                ),
                (
                    "Has your {parent} booked the test yet? Cancellations come up early in the "
                    "morning.",
                    ("my {dad} is doing it tonight", "not yet"),
                ),
            ),
            gap="days",
        )
        if parent is not None and s.chance(0.7):
            _ex(
                s,
                parent,
                inst,
                (
                    (
                        "Booked for {date} {month}. Do we need to pay for the car on the day?",
                        ("Yes, the usual lesson rate covers it.", "Just the normal rate, yes."),
                    ),
                    (
                        "Thanks for all your patience with {kid}!",
                        ("My pleasure, {kid}'s doing great.", "Not at all, good student."),
                    ),
                    (
                        "Will {kid} need an extra lesson before the test?",
                        ("One the morning of the test is a good idea.", "I'd recommend one, yes."),
                    ),
                ),
            )

    def payment() -> None:
        _ex(
            s,
            inst,
            kid,
            (
                (
                    "Just a reminder, {price} for today's lesson, bank transfer is fine.",
                    ("my {mum} will transfer it", "ok", "i have cash"),
                ),
                ("Your {dad} paid for the block, so nothing to bring today.", ("ok thanks", "ok")),
                (
                    "Cash or transfer for the lesson, whichever's easiest for your {parent}.",
                    ("she said she did it already", "transfer i think", "ill ask"),
                ),
            ),
            gap="pause",
        )

    def praise() -> None:
        _say(
            s,
            inst,
            (
                "Great lesson today, you're a natural on the dual carriageway.",
                "Really mature driving today, you didn't rush a single junction.",
                "Proud of that hill start! Told you you'd get it.",
                "Well done, best lesson yet.",
            ),
            gap="hours",
        )
        _say(s, kid, ("thanks!!", "yesss", "finally lol", "😁", "thanks for being patient"))

    def result() -> None:
        _ex(
            s,
            kid,
            inst,
            (
                (
                    ("I PASSED", "passed first time!!!"),
                    (
                        "Brilliant!! Congratulations, knew you would. Drive safe.",
                        "Congratulations! Your {parent} must be delighted.",
                    ),
                ),
                (
                    "failed 😭 2 minors and 1 major",
                    (
                        "Gutted for you, but that major was bad luck. Let's rebook, you'll walk "
                        "it.",
                        "Ah no. Chin up, most people pass second time. Let's get you rebooked.",
                    ),
                ),
            ),
            gap="weeks",
        )
        _say(s, kid, ("thank youuu", "ok", "thanks for everything", "ok thanks"))

    _run(
        s,
        (pickup, nerves, test, payment, praise, result),
        3,
        6,
        talk=(inst, kid),
        repeat=(pickup, nerves, payment, praise),
    )


# ---------------------------------------------------------------------------
# 7. music teacher / choir director
# ---------------------------------------------------------------------------


def _music(s: Scene) -> None:
    _setup(s)
    s.ctx["inst"] = s.rng.choice(
        ("piano", "violin", "guitar", "cello", "flute", "drums", "singing", "trumpet", "clarinet")
    )
    kid = _kid(s, 10, 16, 0.12)
    teacher = _adult(s, 24, 68, s.rng.choice(("adult", "elder", "formal", "casual")), 0.08)
    parent = _parent(s) if s.chance(0.45) else None
    choir = s.chance(0.3)

    _ex(
        s,
        teacher,
        kid,
        (
            ("Hello {kid}, lesson is {day} at {time} as usual.", ("ok", "ok see you then", "👍")),
            (
                "Hi {kid}! How's the practice going this week?",
                (
                    "its going ok",
                    "i practised every day!!",
                    "not much 😬",
                    "the middle bit is hard",
                ),
            ),
            (
                "Dear {kid}, reminder that the recital is on {date} {month}.",
                ("ok", "im so nervous", "ok thank you"),
            ),
            (
                "Hi {kid}, choir rehearsal moved to the church hall on {day} at {time}."
                if choir
                else "Hi {kid}, can we move your {inst} lesson to {day}?",
                ("ok", "yes thats fine", "ill check with my {mum}"),
            ),
            (
                "Hi {kid}, well done on Saturday, lovely playing.",
                ("thank you!", "😊", "i messed up the end tho"),
            ),
        ),
    )

    def video() -> None:
        _say(
            s,
            teacher,
            (
                "Send me a video of you playing the scale and I'll give you feedback before {day}.",
                "Could you record the first page and send it? Just the hands are fine.",
                "For the online exam we need a video of the full piece, your {parent} can film it.",
                "Send a short video of the tricky bar and we'll fix it together.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            teacher,
            (
                (
                    ("[video]", "here [video]"),
                    (
                        "Lovely! Watch the tempo in bar {n2}, you speed up.",
                        "That's really coming on. Slower in the middle.",
                    ),
                ),
                (
                    "[video] sorry i messed up",
                    (
                        "No worries about mistakes, that's why we practise.",
                        "Mistakes are fine! The rest is lovely.",
                    ),
                ),
                ("ok ill get my {mum} to film it", ("Perfect.", "Great, thanks.")),
                (
                    "do i have to 😭",
                    ("Only me watching, I promise 😄", "Just once, it really helps."),
                ),
            ),
        )

    def recital() -> None:
        _say(
            s,
            teacher,
            (
                "Your parents will be so proud at the recital, you've worked really hard.",
                "Recital is at {time} on {day}, arrive 20 mins early. Smart clothes please.",
                "You're third in the programme. Don't be nervous, the audience is all families.",
                "Tickets for the concert are free for family, tell your {parent}.",
            ),
            gap="pause",
        )
        _ex(
            s,
            kid,
            teacher,
            (
                (
                    "im so nervous",
                    (
                        "Nerves are normal, breathe and take your time.",
                        "Everyone's nervous. You know it inside out.",
                    ),
                ),
                ("what do i wear", ("Smart black and white.", "Something smart, nothing fancy.")),
                ("can my nan come", ("Of course, the more the merrier.", "Yes! Bring everyone.")),
                (("ok", "ok thanks"), ""),
            ),
        )
        if parent is not None and s.chance(0.6):
            _say(
                s,
                parent,
                (
                    "We'll be there! Thank you for all the work with {kid}.",
                    "Is there parking at the venue?",
                    "Grandparents are coming too 😊",
                ),
            )

    def surprise_mum() -> None:
        _say(
            s,
            kid,
            (
                "can we learn a song for my {mum}s birthday? its a surprise",
                "i want to play {artist} for my {dad} at christmas dont tell him",
                "is it ok if we learn something secret for my {mum}",
            ),
            gap="hours",
        )
        _say(
            s,
            teacher,
            (
                "What a lovely idea! It's a surprise, so we'll practise it in lessons only.",
                "Love this. I won't say a word at pickup.",
                "Great idea. I'll find an easy arrangement, our little secret till the big day 😊",
            ),
        )
        _say(s, kid, ("yay", "thank you!!", "they'll cry lol", "shh"))

    def age_entry() -> None:
        _say(
            s,
            teacher,
            (
                "How old are you on 1st {month}? The festival classes go by age.",
                "What's your age for the festival entry form? Under {next_age} or over?",
                "I need your date of birth for the exam board entry, or ask your {parent} to "
                "send it.",
            ),
            gap="pause",
        )
        _say(
            s,
            kid,
            ("{age}", "{age}, birthday is in {month}", "my {mum} will send it", "{next_age} soon"),
        )
        _say(
            s,
            teacher,
            (
                "Thanks, that's you in the under-{next_age} class.",
                "Perfect.",
                "Thank you, entry is done.",
            ),
        )

    def gift_book() -> None:
        _say(
            s,
            teacher,
            (
                "I've a spare copy of the grade book, I'll give it to your {parent} at pickup, no "
                "charge.",
                "Your {mum} asked about buying a new {inst}, I've sent her some links.",
                "I'll lend you my old {inst} for the summer, your {parent} can collect it."
                if s.ctx["inst"] != "singing"
                else "I'll lend you my old songbook for the summer.",
            ),
            gap="pause",
        )
        _say(s, kid, ("thank you so much", "yay", "ok", "really?? thanks"))
        if parent is not None:
            _parent_thanks(s, parent)

    def practice() -> None:
        _ex(
            s,
            teacher,
            kid,
            (
                ("Twenty minutes a day is plenty, little and often.", ("ok", "20 mins is fine")),
                (
                    "Practise the scales with the metronome at 80 this week.",
                    ("ok", "my metronome app is broken"),
                ),
                (
                    "Don't practise late at night, your neighbours will thank you 😄",
                    ("lol ok", "haha ok"),
                ),
                ("Proud of the progress this term, keep it up.", ("thanks!", "😊")),
            ),
            gap="days",
        )

    _run(
        s,
        (video, recital, surprise_mum, age_entry, gift_book, practice),
        2,
        6,
        repeat=(video, recital, practice),
        talk=(teacher, kid),
    )
    if s.chance(0.5):
        _say(
            s,
            teacher,
            ("See you {day}.", "Happy practising!", "Well done this week.", "Take care."),
            gap="pause",
        )


# ---------------------------------------------------------------------------
# 8. babysitter
# ---------------------------------------------------------------------------


def _babysitter(s: Scene) -> None:
    _setup(s)
    mode = s.rng.choice(("parent", "kid", "group", "group"))
    sitter = _role(
        s, s.person(s.rng.randint(16, 25), s.rng.choice(("teen", "casual")), p_unknown=0.15), "kid"
    )
    s.ctx["sitter"] = sitter.name
    kid: Person | None = None
    parent: Person | None = None
    if mode in ("parent", "group"):
        parent = _parent(s)
    if mode == "parent":
        s.ctx["kid"] = s.rng.choice(_KID_NAMES)
        s.ctx["kids"] = s.pick(
            "{kid}", "{kid} and {kid2}", "the kids", "the two of them", "the boys", "the girls"
        )
    else:
        kid = _kid(s, 10, 13, 0.12)
        s.ctx["kids"] = s.pick("{kid}", "{kid} and {kid2}", "the kids")

    def booking() -> None:
        if parent is not None:
            _say(
                s,
                parent,
                s.pick(
                    "Hi {sitter}, are you still ok for {day} from {time}?",
                    "Hi {sitter}! Could you babysit {day} night? We'd be back by 11.",
                    "Hello {sitter}, just confirming tonight. Dinner is in the fridge.",
                    "Hi {sitter}, it's {pname}. Any chance you're free {day} evening?",
                    "Hi {sitter}, work do on {day}, could you mind {kids} from {time} till late?",
                    "Hiya, are you around next {day}? Date night finally 😅",
                ),
            )
            _say(
                s,
                sitter,
                s.pick(
                    "yes still good!",
                    "yep see you then",
                    "yes no problem 😊",
                    "sure what time",
                    "should be fine, I'll confirm tonight",
                    "yes! I have an exam the next day so not too late if ok",
                    "yess love minding them",
                    "can do, my dad can drop me over",
                ),
            )
            if s.chance(0.6):
                _say(
                    s,
                    parent,
                    s.pick(
                        "Great. Pizza money is on the fridge, {kids} can pick.",
                        "Perfect. {pname2} will drive you home after.",
                        "Brilliant, thank you! Usual rate is fine?",
                        "Fab. Same as last time, dinner at 6, bed at 8.",
                        "Thanks! We'll be back by 11 at the latest.",
                    ).replace("{pname2}", s.pick(*_ADULT_FIRST)),
                )
                _say(
                    s,
                    sitter,
                    s.pick(
                        "perfect",
                        "yep that's fine",
                        "great see you {day}",
                        "👍",
                        "no worries at all",
                    ),
                )
        else:
            assert kid is not None
            _say(
                s,
                kid,
                s.pick(
                    "are u coming tonight",
                    "{sitter} are you babysitting on {day}",
                    "my {mum} said ur coming at {time}",
                    "r u minding us on {day}??",
                ),
            )
            _ex(
                s,
                sitter,
                kid,
                (
                    (
                        (
                            "yep! your {mum} asked me, see you at {time}",
                            "i am! get {game} ready",
                            "yes!! your {mum} booked me last week",
                        ),
                        ("yay", "ok", "yesss", "can we get {food}", "can we play {game}"),
                    ),
                    ("yes but homework first ok", ("homework is boring", "ugh ok", "fine")),
                    ("yep, your {mum} is working late so i'm there till 9", ("ok", "yay", "cool")),
                ),
            )
            if s.chance(0.3):
                _say(
                    s,
                    sitter,
                    (
                        "{food} it is, your {mum} said that's fine",
                        "we'll see 😄",
                        "only after homework",
                    ),
                )

    def pickup() -> None:
        if parent is not None:
            _say(
                s,
                parent,
                (
                    "Could you pick {kid} up from {sport} at 6? I've told the coach you're "
                    "collecting.",
                    "Can you collect {kids} from school at 3:15? I've rung the office to say "
                    "it's you.",
                    "{kid} is at {kid3}'s house, can you pick {kid} up on your way? Their {mum} "
                    "knows.",
                ),
                gap="pause",
            )
            _ex(
                s,
                sitter,
                parent,
                (
                    (
                        ("no problem", "yep will do"),
                        ("Thank you, you're a lifesaver.", "Thanks!", ""),
                    ),
                    (
                        "which door do they come out",
                        ("Side gate by the car park.", "The main door, by the office."),
                    ),
                    (
                        "ok, text me the address?",
                        ("Sent it. Thanks!", "Number {n2}, the blue door."),
                    ),
                ),
            )
        if kid is not None and s.chance(0.7):
            _ex(
                s,
                sitter,
                kid,
                (
                    (
                        (
                            "here at the gate!",
                            "outside in the car park",
                            "{kid} im at the front, where r u",
                        ),
                        ("coming", "1 sec getting my bag", "im by the office"),
                    ),
                    ("running 5 mins late, wait inside with the teacher", ("ok", "ok hurry lol")),
                ),
                gap="pause",
            )

    def home_alone() -> None:
        if kid is None:
            return
        if parent is not None:
            _say(
                s,
                parent,
                s.pick(
                    "{kid} are you home alone? {sitter} is running late, be there in 10.",
                    "{kid}, are you home alone right now? I thought your {sibling} was there.",
                    "Are you home alone {kid}? Lock the door, {sitter} will knock when they get "
                    "there.",
                    "{kid} you're home alone for 15 mins, {sitter} is on the way. Don't open the "
                    "door"
                    " to anyone else.",
                ),
                gap="pause",
            )
            _say(
                s,
                kid,
                s.pick(
                    "yeah but its fine",
                    "no {sibling} is upstairs",
                    "ok",
                    "yes i locked it",
                    "can i have a snack",
                    "im 12 mum its fine",
                ),
            )
            _say(
                s,
                sitter,
                s.pick(
                    "2 mins away!",
                    "so sorry, bus was late, nearly there",
                    "here now!",
                    "just parking",
                    "at the door {kid}",
                ),
            )
            _say(
                s,
                parent,
                s.pick(
                    "Thanks {sitter}.",
                    "Great. Snack after dinner {kid}.",
                    "Perfect, thank you.",
                    "Phew, thanks.",
                ),
            )
        else:
            _say(
                s,
                sitter,
                s.pick(
                    "hey is your {mum} home yet? she said she'd be back at 5 and i'm on my way",
                    "text me when you're home from school, your {mum} asked me to check",
                    "on my way, are you home already?",
                ),
                gap="pause",
            )
            _say(
                s,
                kid,
                s.pick("yeah shes here", "no shes at work still", "home now", "yes watching tv"),
            )
            _say(
                s,
                sitter,
                s.pick(
                    "ok see you in 10",
                    "ok cool, stay in, i'm nearly there",
                    "great, tell her i'm close",
                    "👍",
                ),
            )

    def pics() -> None:
        if parent is None:
            return
        _say(
            s,
            sitter,
            s.pick(
                "sent you a pic of them building a fort in the living room [photo]",
                "photo of {kid}'s masterpiece for you [photo]",
                "{kids} wanted me to send you this [photo] 😂",
                "pic from the park earlier [photo]",
                "all fed! [photo] clean plates",
                "{kid} insisted I send you a photo of the lego tower [photo]",
            ),
            gap="pause",
        )
        _say(
            s,
            parent,
            s.pick(
                "Ha, love it!",
                "That's brilliant, thanks for sending.",
                "Aww.",
                "Looks like chaos 😂 enjoy",
                "Impressive! Thanks {sitter}.",
                "Clean plates?? Who are these children 😂",
            ),
        )

    def treat() -> None:
        if kid is None:
            return
        _say(
            s,
            sitter,
            s.pick(
                "don't tell your {mum} we had ice cream before dinner lol",
                "our little secret that we watched 2 films instead of 1 😂 jk i'll tell her",
                "shh about the pancakes for dinner",
                "we can stay up 10 extra mins but don't tell your {mum} haha. actually i'll tell "
                "her",
            ),
            gap="pause",
        )
        _say(
            s,
            kid,
            s.pick(
                "i wont lol",
                "haha",
                "can we do it again",
                "shes going to find out",
                "ur the best babysitter",
            ),
        )
        if parent is not None and s.chance(0.6):
            _say(
                s,
                parent,
                s.pick(
                    "I can see this chat you know 😂",
                    "Ha! As long as veg was eaten too.",
                    "Fine, but only this once!",
                    "Busted 😂",
                ),
            )
            _say(s, sitter, s.pick("caught 😂", "there was veg i promise", "haha sorry!"))

    def homework() -> None:
        if kid is None:
            return
        _ex(
            s,
            kid,
            sitter,
            (
                (
                    (
                        "can u help with my {subject} homework when u come",
                        "i dont get my {subject} sheet",
                    ),
                    (
                        "yes bring it down when i get there",
                        "sure, I did {subject} for my exams",
                        "send me a pic of it and i'll look",
                    ),
                ),
                (
                    "do i have to do homework before {game}",
                    ("homework first, then {game}, that's the deal", "yep, your {mum}'s rules"),
                ),
            ),
            gap="pause",
        )
        _say(s, kid, ("ok", "deal", "ugh fine", "ok thanks"))

    def bedtime() -> None:
        if parent is not None:
            _say(
                s,
                parent,
                s.pick(
                    "Bedtime is 8:30, {kid} will try to negotiate 9 😂",
                    "Bedtime for {kids} is 8. No screens after 7:30 please.",
                    "If {kid} can't sleep, reading is fine.",
                    "Teeth, story, lights out by 8. {kid} needs the landing light on.",
                ),
                gap="pause",
            )
            _say(s, sitter, s.pick("got it", "haha noted", "no problem", "ok!", "will do"))
        if kid is not None:
            _say(
                s,
                sitter,
                s.pick(
                    "bedtime in 10 mins {kid}",
                    "teeth brushed?",
                    "ok lights out in 5",
                    "one more episode then bed",
                    "pyjamas on pls",
                ),
                gap="pause",
            )
            _say(
                s,
                kid,
                s.pick(
                    "noooo",
                    "5 more minutes",
                    "ok",
                    "can we finish the film",
                    "mum lets me stay up till 9",
                ),
            )
            if s.chance(0.5):
                _say(s, sitter, s.pick("nice try 😂", "ok 5 mins", "no she doesn't lol", "bed!"))
        if parent is not None:
            _say(
                s,
                sitter,
                s.pick(
                    "{kids} asleep, no problems at all.",
                    "All quiet, asleep by half 8.",
                    "Asleep now! Took a few stories 😄",
                    "lights out, {kid} was good as gold",
                ),
                gap="pause",
            )
            _say(
                s,
                parent,
                s.pick(
                    "Amazing, thanks!",
                    "Back around 11.",
                    "You're a star.",
                    "Great, we're just leaving the restaurant.",
                    "Thank you! Help yourself to anything in the fridge.",
                ),
            )

    def late_back() -> None:
        if parent is None:
            return
        _say(
            s,
            parent,
            s.pick(
                "Running a bit late, is that ok? Back by half 11, we'll pay extra.",
                "On our way back now, 20 mins.",
                "Taxi is slow, sorry! 15 mins.",
                "Could you stay till midnight? {pname} will drive you home.",
            ),
            gap="pause",
        )
        _say(
            s,
            sitter,
            s.pick(
                "no problem at all",
                "that's fine, I'm just watching tv",
                "ok my dad is collecting me at 12 so that works",
                "no rush!",
            ),
        )

    def money() -> None:
        if parent is None:
            return
        _say(
            s,
            parent,
            s.pick(
                "Sent you {amount} for tonight, plus a bit extra for staying late. Thanks!",
                "Money's on the counter, help yourself to anything in the fridge.",
                "I've transferred the money. Can I book you again for the {day} after next?",
                "Thanks so much for tonight, sent the money over. {kids} loved it.",
            ),
            gap="pause",
        )
        _say(
            s,
            sitter,
            s.pick(
                "thanks so much!",
                "no need for extra but thank you",
                "yes {day} is good",
                "got it thank you",
                "aw they were great",
            ),
        )

    evening = [booking, pickup, home_alone, pics, treat, homework, bedtime, late_back, money]
    for r in range(s.rng.choices((1, 2, 3), weights=(0.5, 0.35, 0.15))[0]):
        if r:
            s.wait("weeks")
        steps = [b for b in evening if b is booking or s.chance(0.55)]
        for i, b in enumerate(steps):
            if len(s.messages) > 56:
                break
            if i == 1:
                # the evening itself: a later day, from late afternoon on
                s.wait("days")
                s.clock = s.clock.replace(hour=s.rng.randint(15, 18))
            elif i:
                s.wait("pause")
            b()
        if kid is not None and s.chance(0.3):
            _small_talk(s, sitter, kid, 1)
    while len(s.messages) < 6:
        if kid is not None:
            _say(
                s,
                sitter,
                s.pick("night {kid}", "see u next time", "thanks for being good tonight"),
                gap="hours",
            )
            _say(s, kid, s.pick("night", "bye", "come back soon"))
        if parent is not None:
            _say(
                s,
                parent,
                s.pick("Thanks again, {kid} loves when you come.", "See you next week!"),
                gap="days",
            )
            _say(s, sitter, s.pick("aw thanks, see you!", "anytime"))


# ---------------------------------------------------------------------------
# 9. customer support with a teen customer
# ---------------------------------------------------------------------------


def _support(s: Scene) -> None:
    _setup(s)
    with_parent = s.chance(0.3)
    kid = _kid(s, 11 if with_parent else 13, 17, 0.2)
    agent = _adult(s, 20, 50, s.rng.choice(("formal", "formal", "adult")), 0.2, role="formal")
    parent = _parent(s) if with_parent else None
    issue = s.rng.choice(("card", "order", "login", "game"))
    s.ctx["agent"] = agent.name
    s.ctx["device"] = s.rng.choice(
        ("iPhone", "Android phone", "iPad", "Switch", "PS5", "Xbox", "laptop", "school Chromebook")
    )
    s.ctx["user"] = s.pick(
        "{kid}", s.ctx["game"].replace(" ", "") + "fan", "x{kid}x", "the{kid}", "{kid}_plays"
    ) + str(s.rng.randint(1, 999))

    _say(
        s,
        agent,
        s.pick(
            "Hi, you're chatting with {agent} from support. How can I help today?",
            "Hello! Thanks for contacting us. What can I help you with?",
            "Hi {kid}, thanks for getting in touch. How can I help?",
            "Hi there, my name is {agent}. What seems to be the problem?",
            "Hi! {agent} here from the help team. What's up?",
            "Welcome to live chat. I'm {agent}, how can I help?",
            "Good evening, {agent} from customer care. How may I help?",
        ),
    )
    opening = {
        "card": (
            "my {card} gift card isnt working",
            "hi the gift card code wont redeem",
            "i got a {card} card for my birthday and the code says invalid",
            "my nan got me a {card} card and it says already used??",
            "hello the {card} card code doesnt work, i scratched it a bit",
        ),
        "order": (
            "my {product} never arrived",
            "i ordered a {product} and its broken",
            "hi where is my order",
            "the {product} came but its the wrong colour",
            "it says delivered but there's nothing here",
        ),
        "login": (
            "i cant log in to my account",
            "someone changed my password",
            "it says my account is locked",
            "i forgot my password and the email is old",
            "my account got logged out on my {device} and wont let me back in",
        ),
        "game": (
            "i bought {currency} and didnt get them",
            "my {game} purchase didnt go through",
            "the game keeps crashing on my {device}",
            "my {currency} disappeared after the update",
            "i got charged twice for the battle pass",
        ),
    }[issue]
    _say(s, kid, s.pick(*opening))
    if s.chance(0.5):
        _say(
            s,
            kid,
            s.pick(
                "pls help",
                "i tried twice",
                "its really annoying",
                "sorry if this is the wrong place",
                "my {mum} said to message here",
            ),
        )
    if s.chance(0.4):
        _ex(
            s,
            agent,
            kid,
            (
                (
                    "Thanks for waiting, I'm just reading through your message.",
                    ("ok", "np", "ok thanks"),
                ),
                (
                    "Could you tell me a bit more about what happens?",
                    (
                        "it just says error",
                        "it loads then stops",
                        "nothing happens when i click it",
                        "it says try again later",
                    ),
                ),
                (
                    "Thanks {kid}. When did this start?",
                    ("yesterday", "this morning", "since {day}", "like a week ago"),
                ),
            ),
        )
    _say(
        s,
        agent,
        s.pick(
            "I'm sorry to hear that, let's get it sorted.",
            "Sorry about that! I can help with this.",
            "Oh no, that's frustrating. Let me take a look.",
            "Thanks for reaching out, I'll check now.",
            "Sorry for the trouble. A few quick questions first.",
            "Thanks {kid}, sorry about that. Let me pull up the account.",
            "Right, let's see what's going on there.",
        ),
    )

    def details() -> None:
        qa: Pairs = {
            "card": (
                (
                    "Where was the card bought, and roughly when?",
                    (
                        "{store} on {day}",
                        "my {parent} bought it at {store} i think",
                        "last week, birthday present",
                    ),
                ),
                (
                    "Is the PIN area fully visible, or did some of it scratch off?",
                    ("a bit scratched off", "its all there", "the last bit is scratched"),
                ),
            ),
            "order": (
                (
                    "Could you give me the order number? It starts with a #.",
                    ("#{ref}", "its #{ref} i think"),
                ),
                ("What date was the order placed?", ("on {day}", "like 2 weeks ago")),
            ),
            "login": (
                ("What's the username on the account?", ("{user}", "its {user}")),
                (
                    "Which device were you using when it locked?",
                    ("my {device}", "{device} and my laptop"),
                ),
            ),
            "game": (
                ("Which platform are you playing on?", ("{device}", "on my {device}")),
                (
                    "Roughly what time was the purchase made?",
                    ("like {time} yesterday", "{day} after school"),
                ),
            ),
        }[issue]
        _ex(s, agent, kid, qa)
        if s.chance(0.5):
            _say(
                s,
                agent,
                s.pick(
                    "Thanks, one moment while I check.",
                    "Got it, let me look.",
                    "Thank you. Checking now.",
                    "Bear with me a minute.",
                ),
            )

    def age() -> None:
        _say(
            s,
            agent,
            s.pick(
                "Before I go on, can I ask your age? Accounts for under-13s need a parent to "
                "manage them.",
                "Could you confirm the date of birth on the account for verification?",
                "How old are you, if you don't mind me asking? It affects which options I can "
                "offer.",
                "To verify, what's the year of birth on the account?",
                "Can you confirm the account holder's age? Some refunds need an adult to approve.",
            ),
        )
        _say(
            s,
            kid,
            s.pick(
                "{age}",
                "im {age}",
                "its my {mum}s account actually",
                "{age} in {month}",
                "{date} {month}, im {age}",
            ),
        )
        if kid.age < 13:
            _say(
                s,
                agent,
                s.pick(
                    "Thanks. As you're under 13, I'll need a parent or guardian to confirm. "
                    "Could they join the chat?",
                    "No problem. I'll need a parent to approve this, can you ask your {parent}?",
                ),
            )
            _say(s, kid, ("ok getting my {mum}", "ok shes here", "one sec", "my {dad} is here"))
            parent_joins()
        else:
            _say(
                s,
                agent,
                s.pick(
                    "Thank you.",
                    "Thanks, that's fine.",
                    "Thanks {kid}.",
                    "Perfect, thanks for confirming.",
                    "Great, thank you {kid}.",
                    "Thanks, that matches what I have.",
                ),
            )

    def screenshot() -> None:
        _say(
            s,
            agent,
            s.pick(
                *{
                    "card": (
                        "Can you send a photo of the receipt and the back of the card, with the "
                        "code"
                        " partly covered?",
                        "Could you send a photo of the back of the card?",
                    ),
                    "order": (
                        "Could you attach a photo of the damaged item?",
                        "Please send a screenshot of your order confirmation.",
                    ),
                    "login": (
                        "Could you send a screenshot of the error message?",
                        "Can you screenshot what you see when you try to log in?",
                    ),
                    "game": (
                        "Could you send a screenshot of your purchase history?",
                        "Please send a screenshot of the receipt email.",
                    ),
                }[issue]
            ),
        )
        _say(
            s,
            kid,
            s.pick(
                "[screenshot]",
                "[photo]",
                "[photo] [photo]",
                "how do i send it",
                "ok one sec [image]",
                "[screenshot] is this right",
            ),
        )
        _say(
            s,
            agent,
            s.pick(
                "Thanks, received.",
                "Got it, thank you.",
                "Thanks {kid}, got it.",
                "That's come through, thanks.",
                "Tap the paperclip icon at the bottom left.",
                "Thanks, that helps.",
                "Perfect, I can see it now.",
            ),
        )

    def safety() -> None:
        if issue == "card":
            _ex(
                s,
                agent,
                kid,
                (
                    (
                        "For your security, please don't share the full code here. Just the last 4 "
                        "digits.",
                        ("oh ok its {n}{n}{n}{n}", "ok the last bit is {n}{n}{n}{n}"),
                    ),
                    (
                        "Never give a gift card code to anyone who messages you first, even if "
                        "they say "
                        "they're us.",
                        (
                            "ok i wont",
                            "someone asked for it in a game once lol",
                            "i didnt know that",
                        ),
                    ),
                ),
            )
        else:
            _ex(
                s,
                agent,
                kid,
                (
                    (
                        "Please keep your login details private. We'll never ask for your "
                        "password.",
                        ("ok", "ok i wont", "i didnt know that"),
                    ),
                    (
                        "Quick tip: don't share your login in game chats. Those 'free {currency}' "
                        "offers "
                        "are scams.",
                        (
                            "my friend shared his once and got hacked",
                            "someone asked me for it once lol",
                        ),
                    ),
                ),
            )
        _say(
            s,
            agent,
            (
                "Thanks.",
                "Good that you didn't share it! Those are scams.",
                "That's a common scam, glad you checked with us.",
                "Thank you.",
                "Good to know for the future!",
            ),
        )

    def reinstall() -> None:
        _say(
            s,
            agent,
            s.pick(
                "Please try deleting the app and reinstalling it.",
                "Could you delete the app, restart your {device}, then reinstall?",
                "Try clearing the cache: delete the app data and log in again.",
                "Can you log out everywhere, delete the app and install it fresh?",
            ),
        )
        _say(
            s,
            kid,
            s.pick(
                "ok one sec",
                "did it still not working",
                "it worked!!",
                "ok done",
                "how do i delete it on a {device}",
            ),
        )
        _say(
            s,
            agent,
            s.pick(
                "Great news!",
                "Thanks for trying. Let me escalate this.",
                "Sorry about that, I'll raise a ticket.",
                "Hold the icon, then tap remove app.",
            ),
        )

    def email() -> None:
        _say(
            s,
            agent,
            s.pick(
                "I'll move this to email so I can send you a form. Is the email on the account "
                "correct?",
                "We'll continue by email, look out for a message from our support address.",
                "I need to move this to email for the refund. It may go to the account holder.",
                "Let's move this to email: I'll send a secure link to the address on the account.",
            ),
        )
        _say(
            s,
            kid,
            s.pick(
                "its my {mum}s email",
                "yes",
                "can it go to my email instead",
                "ok",
                "my {dad} set it up so its his",
            ),
        )
        _say(
            s,
            agent,
            s.pick(
                "That's fine, your {parent} can reply or forward it to you.",
                "For security it has to go to the address on the account.",
                "Great, you'll get it within the hour.",
                "No problem, it'll go to them and they can reply.",
                "Ok, I'll send it there. Keep an eye on the inbox, {kid}.",
            ),
        )

    def parent_joins() -> None:
        if parent is None:
            return
        _say(
            s,
            parent,
            s.pick(
                "Hi, I'm {kid}'s {parent}. I bought the card, it was a birthday present.",
                "Hello, this is {pname}, the account holder. {kid} asked me to join.",
                "Hi, parent here. Happy for you to deal with {kid} but I'm here if you need me.",
                "Hi, {kid}'s {parent} here. It's my card on the account.",
            ),
            gap="pause",
        )
        _say(
            s,
            agent,
            s.pick(
                "Thanks for joining. Could you confirm the email on the account?",
                "Thank you, that's helpful.",
                "Great, I'll just need you to confirm the purchase.",
            ),
        )
        _say(
            s,
            parent,
            s.pick(
                "It's the gmail one.",
                "Yes that's mine.",
                "Confirmed.",
                "Yes I can confirm.",
                "Yes, bought on {day}.",
            ),
        )

    blocks = [details, age, screenshot, safety if issue in ("card", "login") else reinstall, email]
    s.rng.shuffle(blocks)
    chosen = blocks[: s.rng.randint(2, len(blocks))]
    if parent is not None:
        # the parent always takes part: via the age check for under-13s, else on their own
        key = age if kid.age < 13 else parent_joins
        if key not in chosen:
            chosen.insert(s.rng.randrange(len(chosen) + 1), key)
    for b in chosen:
        b()
    _say(
        s,
        agent,
        s.pick(
            *{
                "card": (
                    "I've reissued the card balance to your account.",
                    "I've applied the card value manually, it should show in a few minutes.",
                ),
                "order": (
                    "A replacement {product} is on the way, reference {ref}.",
                    "I've issued a refund of {amount}. It goes back to the original payment in 3-5"
                    " days.",
                ),
                "login": (
                    "I've reset your password; a link has been sent to the account email.",
                    "The lock is removed. Please set a new password you haven't used before.",
                ),
                "game": (
                    "I've added the {currency} to the account. Please restart the game.",
                    "The duplicate charge of {amount} has been refunded to the original payment.",
                ),
            }[issue]
        ),
        gap="pause",
    )
    _say(
        s,
        kid,
        s.pick(
            "thank you!!",
            "thanks so much",
            "yay",
            "ok thanks",
            "its there now",
            "omg thank u",
            "ok ill check",
        ),
    )
    _say(
        s,
        agent,
        s.pick(
            "Is there anything else I can help with?",
            "Anything else today?",
            "Thanks for your patience. Have a great day!",
            "Anything else I can do for you, {kid}?",
            "All done! Anything else?",
            "Thanks for chatting with {agent} today.",
            "Glad I could help. Your ticket number is {ref}.",
            "Happy to help! Take care.",
        ),
    )
    if s.chance(0.6):
        _say(s, kid, s.pick("no thats all", "no thanks", "thanks bye", "nope ty", "no ur the best"))
    if s.chance(0.35):
        _say(
            s,
            agent,
            s.pick(
                "Hi {kid}, following up on ticket {ref}. Is everything working now?",
                "Hello again, just checking the issue is resolved. Reply here if not.",
            ),
            gap="days",
        )
        _say(
            s,
            kid if parent is None or s.chance(0.5) else parent,
            s.pick("yes all good", "yes thanks", "All sorted, thank you.", "still not working :("),
        )


# ---------------------------------------------------------------------------
# 10. dental / orthodontic clinic messaging
# ---------------------------------------------------------------------------


def _clinic(s: Scene) -> None:
    _setup(s)
    kid = _kid(s, 10, 17, 0.12)
    staff = _adult(s, 22, 60, s.rng.choice(("formal", "adult")), 0.1, role="formal")
    parent = _parent(s) if s.chance(0.55) else None
    s.ctx["place_c"] = s.rng.choice(
        ("the orthodontist", "the dental practice", "the clinic", "the surgery")
    )
    s.ctx["doc"] = f"Dr {s.rng.choice(_SURNAMES)}"
    patient = parent if parent is not None and s.chance(0.6) else kid

    _say(
        s,
        staff,
        (
            "Hi {kid}, reminder of your appointment with {doc} on {day} at {time}. Reply YES to "
            "confirm.",
            "Appointment reminder for {kid}: {day} {time} at {place_c}. Please arrive 10 minutes "
            "early.",
            "Hello, this is {place_c}. {kid} is due a check-up, would {day} at {time} suit?",
            "Hi {kid}, it's {adult} from {place_c}. Your braces check is booked for {day}.",
        ),
    )
    if patient is kid:
        _ex(
            s,
            kid,
            staff,
            (
                (("YES", "yes", "yes thanks", "ok yes"), ("Thank you, see you then.", "")),
                (
                    "can we do later, i have school",
                    (
                        "We have {time} free, would that be better?",
                        "Of course, what time finishes school?",
                    ),
                ),
            ),
        )
    else:
        _ex(
            s,
            patient,
            staff,
            (
                (
                    ("Yes, confirmed.", "YES", "Yes thanks, we'll be there."),
                    ("Thank you, see you then.", ""),
                ),
                (
                    "Could we make it after school? {kid} has a test that morning.",
                    ("We have {time} free, would that suit?", "Of course, I'll find a later slot."),
                ),
            ),
        )

    def guardian() -> None:
        _say(
            s,
            staff,
            (
                "As {kid} is under 16, a parent or guardian needs to come to the appointment.",
                "Will a parent be coming with you? We need consent for the X-ray.",
                "Please bring a parent or guardian to sign the treatment form.",
                "Just a reminder that under-16s need an adult with them for the consultation.",
                "Could a parent come along on {day}? {doc} wants to talk through the options.",
            ),
            gap="pause",
        )
        if parent is not None:
            _ex(
                s,
                parent,
                staff,
                (
                    (
                        ("Yes, I'll be with {kid}.", "I'll bring {kid}, thanks."),
                        (
                            "Perfect, thank you.",
                            "Great, see you both on {day}.",
                            "Lovely, thank you {pname}.",
                        ),
                    ),
                    (
                        "Can {kid}'s grandmother come instead? I'm working.",
                        (
                            "Any adult with parental consent is fine, just send a note.",
                            "Yes, if you sign the consent form beforehand.",
                        ),
                    ),
                ),
            )
        else:
            _ex(
                s,
                kid,
                staff,
                (
                    (("my {mum} is coming", "my dad will bring me"), ("Perfect, thank you.", "")),
                    ("ok", ""),
                ),
            )

    def age() -> None:
        _say(
            s,
            staff,
            (
                "Can you confirm {kid}'s date of birth? Treatment is free under 18.",
                "How old is {kid} now? The fluoride varnish is for under-16s.",
                "Quick check for our records, how old are you now {kid}?",
            ),
            gap="pause",
        )
        _say(s, patient, ("{age}", "{date} {month}, {age} now", "{age}, {next_age} in {month}"))
        _say(
            s,
            staff,
            (
                "Thank you.",
                "Thanks, records updated.",
                "Great, thank you.",
                "Lovely, thanks.",
                "Thanks, all updated on our side.",
            ),
        )

    def photo() -> None:
        if patient is kid:
            _say(
                s,
                kid,
                (
                    "a bracket came off what do i do",
                    "my retainer cracked",
                    "my wire is poking my cheek and it really hurts",
                    "i chipped my tooth at {sport}",
                ),
                gap="days",
            )
        else:
            _say(
                s,
                patient,
                (
                    "{kid}'s wire is poking into the cheek, is that urgent?",
                    "{kid} chipped a tooth at {sport}, should we come in?",
                    "A bracket has come off {kid}'s braces, what should we do?",
                ),
                gap="days",
            )
        _say(
            s,
            staff,
            (
                "Sorry to hear that. Could you send a photo of it so {doc} can see how urgent it "
                "is?",
                "Can you send us a pic? Open wide in good light.",
                "Please send a photo of the tooth, and keep any broken piece in milk.",
            ),
        )
        _say(s, patient, ("[photo]", "sent", "here [photo]", "[photo] is that ok"))
        _say(
            s,
            staff,
            (
                "Thanks. Not urgent, put some wax on it and we'll fix it on {day}.",
                "{doc} would like to see you today at {time}.",
                "That's fine, no need to come in early. Avoid sticky food till then.",
            ),
        )

    def brave() -> None:
        _say(
            s,
            staff,
            (
                "{kid} was so brave today! Very mature about the injections.",
                "Thanks for coming in, {kid} did great. Don't eat for an hour.",
                "Well done today {kid}, your brushing has really improved. Proud of you!",
            ),
            gap="hours",
        )
        if patient is kid:
            _say(s, kid, ("thanks", "thank you!", "😊", "it didnt even hurt"))
        else:
            _say(
                s,
                patient,
                (
                    "Thank you!",
                    "Thanks, {kid} was nervous.",
                    "Thanks for being so patient with {kid}.",
                ),
            )

    def reschedule() -> None:
        if patient is kid:
            _say(
                s,
                kid,
                (
                    "can i move my appointment, i have a test",
                    "is there anything after school on {day}?",
                ),
                gap="days",
            )
        else:
            _say(
                s,
                patient,
                (
                    "Hi, we need to reschedule {kid}, sorry.",
                    "Is there anything after school on {day} for {kid}?",
                ),
                gap="days",
            )
        _say(
            s,
            staff,
            (
                "No problem, {day} at {time}?",
                "We have {time} on {day} or next week.",
                "Sure, I've moved it to {day} at {time}.",
            ),
        )
        _say(s, patient, ("thats fine", "Perfect, thanks.", "ok", "Great, thank you."))

    _run(
        s,
        (guardian, age, photo, brave, reschedule),
        2,
        5,
        gaps=("days", "hours", "weeks"),
        repeat=(photo, brave, reschedule),
    )


FAMILIES = (
    Family("hn_pro_coach", False, GROUP, _coach),
    Family("hn_pro_tutor", False, GROUP, _tutor),
    Family("hn_pro_teacher", False, GROUP, _teacher),
    Family("hn_pro_scout_leader", False, GROUP, _scouts),
    Family("hn_pro_coding_mentor", False, GROUP, _coding),
    Family("hn_pro_driving_instructor", False, GROUP, _driving),
    Family("hn_pro_music_teacher", False, GROUP, _music),
    Family("hn_pro_babysitter", False, GROUP, _babysitter),
    Family("hn_pro_support", False, GROUP, _support),
    Family("hn_pro_clinic", False, GROUP, _clinic),
)
