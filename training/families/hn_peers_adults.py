"""Hard negatives between peers: same-age teens and kids, and adults with adults.

Every family here is innocent (suspicious=False) but freely uses the surface words that
also occur in grooming: secrets, surprises, "don't tell", gifts and money, pics and
selfies, meeting up, "are your parents home", deleting messages, moving to another app,
"how old are you", late nights. What makes them innocent is the context: the people are
peers (teens of the same age, or adults with adults), parents are in the loop, the secret
is a surprise party or office gossip, the "pic" is of a dog or a sofa for sale.

Groups: ``hn_minor_minor`` (peer kids/teens), ``hn_adult_adult`` (adults) and ``benign``
(plain small talk). Module tag: ``pa``.
"""

from __future__ import annotations

from collections.abc import Sequence

from training.families.scene import Family, Person, Scene

Pair = tuple[tuple[str, ...], tuple[str, ...]]

# ---------------------------------------------------------------------------
# Local vocabularies (kept here so the module is self-contained)
# ---------------------------------------------------------------------------

_FRIENDS = (
    "Maddie",
    "Josh",
    "Tasha",
    "Kian",
    "Bella",
    "Rory",
    "Niamh",
    "Aarav",
    "Jade",
    "Callum",
    "Sofia",
    "Dev",
    "Harper",
    "Ollie",
    "Keira",
    "Malik",
    "Poppy",
    "Zain",
    "Evie",
    "Cian",
    "Tia",
    "Ronan",
    "Isla",
    "Arjun",
    "Lottie",
    "Darius",
    "Molly",
    "Reuben",
    "Anya",
    "Kofi",
)
_HANDLE_BITS = (
    "xo",
    "official",
    "_",
    "lol",
    "irl",
    "twt",
    "08",
    "09",
    "10",
    "2k",
    "vibes",
    "the",
    "its",
    "just",
    "real",
    "not",
    "00",
    "x",
    "bby",
    "hq",
)
_COUNTRIES = (
    ("France", "Lyon"),
    ("Germany", "Graz"),
    ("Spain", "Valencia"),
    ("Japan", "Osaka"),
    ("Kenya", "Nairobi"),
    ("India", "Pune"),
    ("Canada", "Halifax"),
    ("Ireland", "Galway"),
    ("Australia", "Perth"),
    ("Poland", "Krakow"),
    ("Brazil", "Curitiba"),
    ("the USA", "Tampa"),
    ("Scotland", "Dundee"),
    ("New Zealand", "Dunedin"),
    ("Norway", "Bergen"),
)
_SKINS = (
    "the galaxy skin",
    "that new emote",
    "the battle pass",
    "the dragon wrap",
    "the neon pickaxe",
    "the bundle",
    "the frost outfit",
    "a crate",
    "the knife skin",
    "the season pass",
)
_JOBS = (
    "nurse",
    "teacher",
    "accountant",
    "electrician",
    "software dev",
    "paramedic",
    "chef",
    "physio",
    "project manager",
    "vet tech",
    "graphic designer",
    "plumber",
    "pharmacist",
    "firefighter",
    "barista",
    "lawyer",
    "civil engineer",
    "social worker",
)
_WORK = (
    "the ward",
    "the warehouse",
    "dispatch",
    "the front desk",
    "the dock",
    "the kitchen",
    "the call centre",
    "the floor",
    "reception",
    "the lab",
)
_ITEMS = (
    "bike",
    "sofa",
    "PS5",
    "pram",
    "desk",
    "washing machine",
    "guitar",
    "tent",
    "camera",
    "coffee machine",
    "wardrobe",
    "treadmill",
    "air fryer",
    "monitor",
    "road bike",
)

_SURNAMES = (
    "Patel",
    "O'Brien",
    "Kowalski",
    "Murphy",
    "Nguyen",
    "Schmidt",
    "Okafor",
    "Garcia",
    "Walsh",
    "Ahmed",
    "Fischer",
    "Brennan",
    "Costa",
    "Evans",
    "Lindqvist",
)
_GIRLS = (
    "Maddie",
    "Tasha",
    "Bella",
    "Niamh",
    "Jade",
    "Sofia",
    "Harper",
    "Keira",
    "Poppy",
    "Evie",
    "Tia",
    "Isla",
    "Lottie",
    "Molly",
    "Anya",
    "Chloe",
    "Ruby",
    "Freya",
    "Amira",
    "Priya",
)
_KID_ITEMS = ("bike", "PS5", "desk", "guitar", "tent", "camera", "monitor", "road bike")
_HOME_BY = ("6", "7", "8", "9", "half 8", "9:30", "half 7")

# ---------------------------------------------------------------------------
# Small-talk banks: (question wordings, answer wordings)
# ---------------------------------------------------------------------------

_TEEN_TALK: tuple[Pair, ...] = (
    (
        ("how was school", "how was ur day", "surviving?", "how was today"),
        (
            "boring af",
            "long. so long",
            "we had a sub so it was chill",
            "fine ig",
            "decent actually, we watched a film",
            "i fell asleep in {subject} lmao",
        ),
    ),
    (
        ("was {subject} as bad for u as it was for me", "how did the {subject} test go"),
        (
            "i think i failed lol",
            "worse",
            "it was ok actually",
            "i left half of it blank",
            "dont even talk to me about {subject}",
        ),
    ),
    (
        ("have u watched {show}", "are u caught up on {show}", "new {show} ep is out!!"),
        (
            "yesss obsessed",
            "not yet no spoilers!!",
            "im on ep {n}",
            "literally watching it rn",
            "i stopped after season 1",
            "rewatching it for the third time lol",
        ),
    ),
    (
        ("ok be honest is {show} overrated", "is {show} actually good or"),
        (
            "its mid tbh",
            "no its so good",
            "first season yes after that no",
            "idk i only watched 2 eps",
        ),
    ),
    (
        (
            "have u heard the new {artist} song",
            "what r u listening to rn",
            "{artist} is so good rn",
        ),
        (
            "on repeat literally",
            "not rly my thing",
            "{artist} always",
            "its my alarm now lol",
            "my mum plays it in the car now its ruined",
            "yes!!! ive had it on all day",
        ),
    ),
    (
        ("is {artist} touring near us??", "would u go to a {artist} concert"),
        (
            "tickets were like {amount}0 i cant",
            "my mum said maybe for my bday",
            "yes obviously",
            "sold out in 2 mins",
        ),
    ),
    (
        (
            "did u do the {subject} hw",
            "do u get q{n} in the {subject} hw",
            "whats the {subject} homework",
        ),
        (
            "nope lol",
            "half, the last q makes no sense",
            "ill send u a pic of mine when im home",
            "ask {kid} they always know",
            "no and i dont want to",
            "page {n} i think",
        ),
    ),
    (
        ("when is the {subject} project due", "have u started the {subject} project"),
        (
            "{day}?? i havent started",
            "next week i think",
            "no and im scared",
            "i did the title page lol",
        ),
    ),
    (
        ("what r u doing this weekend", "any plans {day}", "u doing anything sat"),
        (
            "{sport} then nothing",
            "my grandma is visiting",
            "sleeping",
            "idk prob gaming",
            "probably going to {place} w {kid}",
            "my cousins are coming over ugh",
            "revising :(",
        ),
    ),
    (
        ("what did u have for dinner", "whats for tea at urs", "what r u eating"),
        (
            "{food}",
            "{food} again lol",
            "my dad made {food} it was actually good",
            "nothing yet",
            "cereal bc nobody cooked",
            "leftovers",
        ),
    ),
    (
        ("hows ur {pet}", "is ur {pet} still being weird", "how is ur {pet} doing"),
        (
            "being annoying as usual",
            "asleep on my homework lol",
            "fine now the vet said hes just fat lol",
            "chewed my charger",
            "being a diva",
        ),
    ),
    (
        ("im so tired", "i need sleep", "so tired today"),
        (
            "same",
            "go to sleep lol",
            "me too i was up till 1",
            "we have {subject} first tomorrow ugh",
            "nap time",
        ),
    ),
    (
        ("did u win ur {sport} match", "how was {sport}", "how did {sport} go"),
        (
            "lost {n}-1 lol",
            "we won!!",
            "coach made us run the whole time",
            "it got cancelled",
            "drew, it was so close",
        ),
    ),
    (
        ("do u still do {sport}", "r u still doing {sport} this year"),
        (
            "yeah tues and thurs",
            "quit, too early in the morning",
            "yeah but im thinking of stopping",
            "only in summer",
        ),
    ),
    (
        ("did u see what {kid} posted", "{kid} is so funny omg", "did u see {kid}'s story"),
        ("no what", "ikr", "LMAO yes", "i didnt see anything", "omg yes im crying"),
    ),
    (
        ("its so cold", "its freezing today", "is it cold at urs"),
        ("freezing", "my hands are ice", "i had to wear 2 hoodies", "its fine here lol"),
    ),
    (
        ("its boiling today", "why is it so hot"),
        ("ikr", "our classroom was like a sauna", "sun is out finally", "i love it tbh"),
    ),
    (
        ("what r u gonna be for halloween", "what r u getting for ur bday"),
        ("idk yet", "{gift} hopefully", "something lazy lol", "my mum says its a surprise"),
    ),
)

_TEEN_REACT = (
    "lol",
    "lmao",
    "same",
    "fr",
    "nooo",
    "omg",
    "ngl same",
    "haha",
    "real",
    "ok fair",
    "wait what",
    "thats so funny",
    "bruh",
    "true",
    "oop",
    "ugh",
    "yesss",
    "i- ok",
    "LOL",
    "stop 😭",
    "ikr",
)

_ADULT_TALK: tuple[Pair, ...] = (
    (
        ("How was work?", "Busy day?", "Survived the day?", "work ok today?"),
        (
            "Long. Very long.",
            "Not bad actually, quiet for once.",
            "Don't ask lol",
            "Had back-to-back meetings all afternoon.",
            "Fine, boss was off so it was calm.",
            "Manic, two people off sick.",
            "Honestly not bad, home by 5 for once.",
        ),
    ),
    (
        ("How's the new job treating you?", "Still enjoying the new job?"),
        (
            "Loving it so far",
            "Early days, but good",
            "The commute is killing me",
            "Great team, terrible coffee",
        ),
    ),
    (
        (
            "Any plans for the weekend?",
            "What are you up to Saturday?",
            "Doing anything nice this weekend?",
        ),
        (
            "Seeing my sister, then nothing.",
            "Parkrun if I can drag myself out of bed.",
            "Absolutely nothing and I can't wait.",
            "Painting the hallway, send help.",
            "Kids have {sport} all morning so that's my Saturday gone.",
            "Friend's 40th on Saturday night.",
        ),
    ),
    (
        ("Watching anything good?", "Need a new series, any recs?"),
        (
            "Just finished {show}, loved it.",
            "Nothing, I fall asleep by 10 these days.",
            "Rewatching The Office for the hundredth time.",
            "Try Slow Horses, so good.",
            "My partner has me watching some baking show lol",
        ),
    ),
    (
        ("How are the kids?", "How's your little one?", "Kids back at school yet?"),
        (
            "Exhausting but good.",
            "Back Monday thank god.",
            "My eldest just started secondary, it's mad.",
            "Fine, obsessed with {game} at the moment.",
            "Growing too fast",
        ),
    ),
    (
        (
            "The traffic this morning was unreal.",
            "Trains were a mess again.",
            "Did you get caught in that rain?",
        ),
        (
            "Tell me about it.",
            "I worked from home, smug.",
            "Soaked through, had to sit in wet socks all day.",
            "Cycled, beat everyone lol",
            "Don't, I was 40 minutes late",
        ),
    ),
    (
        ("Did you make it to the gym?", "Still doing the running?", "How's the couch to 5k going?"),
        (
            "Went twice this week, proud of myself.",
            "Knee's playing up so not really.",
            "Week 6! It's actually getting easier.",
            "Paid for the membership, haven't been. Classic.",
        ),
    ),
    (
        ("What's for dinner tonight?", "Cooking anything good?"),
        (
            "{food}, the easy option.",
            "Whatever's left in the fridge.",
            "Batch cooked on Sunday so just reheating.",
            "Takeaway, no shame.",
        ),
    ),
    (
        ("Tried that new {food} place yet?", "Been to the new {food} place in town?"),
        (
            "Yeah it was decent, bit pricey.",
            "Not yet, is it good?",
            "Went Friday, amazing",
            "Queue was round the block so no",
        ),
    ),
    (
        ("Booked any holidays?", "Going away this summer?"),
        (
            "Portugal in June, can't wait.",
            "Camping, if the weather holds.",
            "Can't afford it this year lol",
            "Just a week at my parents', cheap and cheerful.",
            "Still deciding, flights are crazy.",
        ),
    ),
    (
        ("How's your mum doing?", "Is your dad feeling better?"),
        (
            "Much better thanks, back to bossing everyone about",
            "Up and down, but ok",
            "Good! Out of hospital now",
            "Thanks for asking, she's fine",
        ),
    ),
    (
        ("Did you see the match?", "Were you watching the game last night?"),
        (
            "Don't talk to me about it",
            "Yes! What a finish",
            "Fell asleep at half time",
            "Missed it, any good?",
        ),
    ),
    (
        ("How's the house stuff going?", "Sold the flat yet?"),
        (
            "Solicitors are so slow",
            "Finally completed!",
            "Still waiting on the survey",
            "Don't ask, chain collapsed",
        ),
    ),
)

_ADULT_REACT = (
    "Ha!",
    "Fair enough.",
    "Same here.",
    "Nice.",
    "lol",
    "Haha classic.",
    "Ugh, feel that.",
    "Sounds about right.",
    "Ah okay.",
    "Fair.",
    "Ha, fair.",
    "Honestly same.",
    "True.",
)

_GAMER_TALK: tuple[Pair, ...] = (
    (
        ("what rank r u", "u ranked yet", "whats ur rank this season"),
        (
            "plat 2",
            "gold, hardstuck",
            "diamond last season, dropped to plat",
            "not ranked yet",
            "bronze dont judge",
            "just hit masters",
        ),
    ),
    (
        ("who do u main", "fav character?", "who u playing this season"),
        (
            "i switch a lot",
            "support mostly",
            "whoever is meta",
            "same as u tbh",
            "the tank, someone has to",
        ),
    ),
    (
        ("did u see the new update", "patch notes are out", "they nerfed everything"),
        (
            "yeah its so broken",
            "havent checked",
            "they ruined my main",
            "finally fixed the lag",
            "the new map is so good",
        ),
    ),
    (
        ("ur lagging so bad", "is it lagging for u", "my ping is like 200 rn"),
        (
            "my wifi is trash",
            "someone's streaming downstairs",
            "restart ur router",
            "its the servers not u",
            "yeah unplayable",
        ),
    ),
    (
        ("that last game was rigged", "we got so unlucky", "who was that guy on the other team"),
        (
            "literally",
            "they were all sweats",
            "nah we just threw",
            "smurfs probably",
            "that guy was cracked",
        ),
    ),
    (
        ("what loadout u running", "what build r u using"),
        ("the one from that youtube vid", "shotgun + sniper", "default lol", "ill send u the code"),
    ),
)

_GAMER_REACT = (
    "gg",
    "lol",
    "lmao",
    "bro",
    "nah",
    "fr",
    "true",
    "W",
    "L",
    "ez",
    "💀",
    "ok bet",
    "rip",
)


def _pu(s: Scene) -> float:
    return s.rng.uniform(0.3, 0.6)


_STYLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "teen": (
        (
            "omg ",
            "wait ",
            "ok ",
            "ngl ",
            "lol ",
            "honestly ",
            "yo ",
            "ok so ",
            "um ",
            "haha ",
            "oh ",
            "like ",
            "bro ",
            "ahh ",
            "lmao ",
            "ok but ",
            "tbh ",
            "hm ",
            "okay ",
            "nah ",
        ),
        (
            " lol",
            " tbh",
            " fr",
            " haha",
            " ngl",
            "!!",
            " rn",
            " lmao",
            " 😭",
            " hehe",
            " ok",
            " idk",
            " 💀",
            " lolll",
            " omg",
            " tho",
            " 😂",
            " haha ok",
            " anyway",
            " 🙃",
        ),
    ),
    "kid": (
        ("Oh ", "Wow ", "Also ", "Haha ", "Hmm ", "Ok ", "Cool! ", "Um ", "Ooh ", "So "),
        (" :)", "!", " haha", " 😊", "!!", " :D", " hehe", " 🙂", " lol", " 😄"),
    ),
    "adult": (
        (
            "Oh ",
            "Ha, ",
            "Honestly, ",
            "Well, ",
            "Ah, ",
            "To be fair, ",
            "Haha ",
            "Ooh ",
            "Right, ",
            "Look, ",
            "Oh god, ",
            "Aw, ",
            "Lol ",
            "Okay, ",
            "Hmm, ",
            "Ha! ",
        ),
        (
            " haha",
            " lol",
            " to be honest",
            " 🙂",
            "!",
            " x",
            " though",
            " tbh",
            " 😂",
            " ha",
            " haha x",
            " to be fair",
            " 😅",
            " anyway",
            " 🙈",
            " 🤣",
        ),
    ),
    "trade": (
        (
            "Ok, ",
            "Well, ",
            "Thanks, ",
            "Sure, ",
            "Right, ",
            "So, ",
            "Also, ",
            "Cool, ",
            "Ah ok, ",
            "Ah, ",
        ),
        (
            " thanks",
            " cheers",
            " 👍",
            " :)",
            " ta",
            " thank you",
            " thx",
            " many thanks",
            " 🙂",
            " mate",
        ),
    ),
    "mate": (
        ("lol ", "mate ", "bro ", "ok ", "ha ", "so ", "right ", "oi ", "man ", "dude "),
        (" lol", " mate", " tbh", " 😂", " haha", " lmao", " man", " ffs", " 💀", " innit"),
    ),
}
_Q_TAILS = (" lol", " haha", " 🙂", " 😅", " 👀", "??", " 🤔")
_GREET = ("hi", "hey", "hello", "hiya", "morning", "yo", "sup", "gg", "gn", "night", "bye")


def _dp(s: Scene, style: str, *options: str) -> str:
    """Pick a wording and, sometimes, wrap it in a speaker-style filler head and/or tail.

    Heads go only on lines of three or more words that do not open with a greeting; lines
    ending in a question mark only get question-friendly tails."""
    text = s.pick(*options)
    heads, tails = _STYLES[style]
    words = text.split()
    first = words[0].lower().strip("!,.?") if words else ""
    if len(words) >= 3 and not first.startswith(_GREET) and s.chance(0.35):
        head = s.rng.choice(heads)
        if head.split()[0].lower().strip(",!") != first:
            keep = text.startswith(("I ", "I'", "OK")) or (len(text) > 1 and text[1].isupper())
            text = head + (text if keep else text[0].lower() + text[1:])
    if s.chance(0.35):
        tail = s.rng.choice(_Q_TAILS if text.endswith("?") else tails)
        if tail.strip().lower() not in text.lower():
            text = text + tail
    return text


def _fresh(s: Scene, bank: Sequence[Pair], n: int) -> list[Pair]:
    """Up to ``n`` exchanges of ``bank`` this scene has not used yet (no repeated questions)."""
    key = f"_pa_used_{id(bank)}"
    used = {int(i) for i in s.ctx.get(key, "").split(",") if i}
    free = [i for i in range(len(bank)) if i not in used] or list(range(len(bank)))
    chosen = s.rng.sample(free, min(n, len(free)))
    s.ctx[key] = ",".join(str(i) for i in used | set(chosen))
    return [bank[i] for i in chosen]


def _talk(
    s: Scene, a: Person, b: Person, n: int, bank: Sequence[Pair], react: Sequence[str], style: str
) -> None:
    """``n`` varied small-talk exchanges between ``a`` and ``b``."""
    for q, ans in _fresh(s, bank, n):
        x, y = (a, b) if s.chance(0.5) else (b, a)
        s.say(x, _dp(s, style, *q), gap=s.rng.choice(("reply", "reply", "pause")))
        s.say(y, _dp(s, style, *ans))
        if s.chance(0.35):
            s.say(x, _dp(s, style, *react))


def _group_talk(
    s: Scene,
    people: Sequence[Person],
    n: int,
    bank: Sequence[Pair],
    react: Sequence[str],
    style: str,
) -> None:
    for q, ans in _fresh(s, bank, n):
        x, y = _two(s, people)
        s.say(x, _dp(s, style, *q), gap=s.rng.choice(("reply", "pause")))
        s.say(y, _dp(s, style, *ans))
        if s.chance(0.4):
            s.say(s.rng.choice(list(people)), _dp(s, style, *react))


def _peer_age(s: Scene, age: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, age + s.rng.choice((-1, 0, 0, 0, 1))))


def _handle(s: Scene, who: Person) -> str:
    base = who.name.lower()
    bit = s.rng.choice(_HANDLE_BITS)
    return s.rng.choice(
        (f"{base}{bit}", f"{bit}{base}", f"{base}.{bit}", f"{base}_{s.rng.randint(1, 99)}")
    )


def _others(
    s: Scene, exclude: Sequence[str], k: int = 1, pool: Sequence[str] = _FRIENDS
) -> list[str]:
    return s.rng.sample([n for n in pool if n not in exclude], k)


def _two(s: Scene, people: Sequence[Person]) -> tuple[Person, Person]:
    x, y = s.rng.sample(list(people), 2)
    return x, y


def _late(s: Scene) -> bool:
    return s.clock.hour >= 22 or s.clock.hour < 5


def _year(age: int) -> str:
    return f"year {age - 4}" if age % 2 else f"{age - 5}th grade"


def _age_swap(s: Scene, a: Person, b: Person) -> None:
    """``a`` asks ``b``'s age; the peers compare."""
    s.say(
        a,
        _dp(
            s,
            T,
            "wait how old r u",
            "how old are you btw",
            f"u in {_year(a.age)} too?",
            "random q but how old r u",
            "what age are u",
            "how old r u again",
            "age?",
        ),
    )
    s.say(
        b,
        _dp(
            s,
            T,
            f"{b.age}",
            f"{b.age} u?",
            f"{b.age}, {b.age + 1} in {s.pick('march', 'june', 'october', 'like 2 weeks')}",
            f"im {b.age}",
            f"{b.age}, why lol",
            f"{b.age} and u",
            f"{_year(b.age)} so {b.age}",
        ),
    )
    if a.age == b.age:
        s.say(a, _dp(s, T, "same", "same lol", "oh same", f"{a.age} too", "twins", "samee"))
    else:
        s.say(
            a,
            _dp(
                s,
                T,
                f"oh im {a.age}",
                f"{a.age} here",
                f"ah im {a.age} lol",
                f"{a.age}! close enough",
                f"{a.age}, basically the same",
            ),
        )


T = "teen"
A = "adult"
R = "trade"
M = "mate"


# ---------------------------------------------------------------------------
# hn_pa_teen_flirting: same-age teens with a crush, nothing more
# ---------------------------------------------------------------------------


def _teen_flirting(s: Scene) -> None:
    s.night = 0.3
    age = s.rng.randint(13, 17)
    a = s.person(age, "teen", p_unknown=_pu(s))
    b = s.person(_peer_age(s, age, 13, 17), "teen", p_unknown=_pu(s))
    mutual, other = _others(s, (a.name, b.name), 2)
    s.say(
        a,
        _dp(
            s,
            T,
            f"heyy its {a.name} from {mutual}'s party",
            f"hi {mutual} gave me ur number hope thats ok",
            f"hey u were at {{place}} w {mutual} on {{day}} right",
            f"hiii its {a.name} from {{subject}}",
            "hey stranger",
            f"hey this is {a.name}, {mutual} said u wanted my number? lol",
            f"heyyy its {a.name}!! got ur number from the {{sport}} group chat",
        ),
    )
    if s.chance(0.35):
        s.say(
            b,
            _dp(
                s, T, "who is this", "hi?? who's this", "sorry new phone who dis", "um who is this"
            ),
        )
        s.say(
            a,
            _dp(
                s,
                T,
                f"{a.name}! from {mutual}'s",
                f"its {a.name} lol the one who spilled the drink",
                f"{a.name}, we sat together in {{subject}}",
                f"{a.name} lol {mutual}'s friend",
            ),
        )
    s.say(
        b,
        _dp(
            s,
            T,
            "oh heyy",
            "omg hi",
            "hii",
            "oh hey yeah lol",
            "yesss hi",
            "haha hey",
            "oh hiii i was hoping u would text",
        ),
    )
    _talk(s, a, b, s.rng.randint(1, 3), _TEEN_TALK, _TEEN_REACT, T)
    if s.chance(0.6):
        _age_swap(s, *((a, b) if s.chance(0.5) else (b, a)))
    if s.chance(0.4):
        s.say(
            b,
            _dp(
                s,
                T,
                "what school do u go to again",
                "wait u go to {school} right?",
                "which school r u at",
                "u dont go to mine right",
            ),
        )
        s.say(
            a,
            _dp(
                s,
                T,
                "{school}",
                "{school} lol",
                f"{{school}}, {_year(a.age)}",
                "{school} unfortunately",
                "{school} the one by the big roundabout",
            ),
        )
        s.say(
            b,
            _dp(
                s,
                T,
                "oh my cousin goes there",
                "ah thats why i never see u",
                "cool cool",
                "thats so close to mine",
                f"{mutual} used to go there",
            ),
        )

    steps = ["cute", "selfie", "snap", "secret", "call", "delete"]
    s.rng.shuffle(steps)
    for i, step in enumerate(steps[: s.rng.randint(3, 6)]):
        if i and s.chance(0.45):
            s.wait(s.rng.choice(("hours", "days", "days")))
            p, q = _two(s, (a, b))
            s.say(
                p,
                _dp(
                    s,
                    T,
                    "hiii",
                    "heyyy",
                    "u up",
                    "yo",
                    "hey u",
                    "omg guess what",
                    "bored",
                    "hi again lol",
                    "r u busy",
                ),
            )
            s.say(q, _dp(s, T, "hey", "hi", "whats up", "hii", "?", "what", "no why", "heyy"))
            if s.chance(0.5):
                _talk(s, a, b, 1, _TEEN_TALK, _TEEN_REACT, T)
        x, y = _two(s, (a, b))
        if step == "cute":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "ngl ur kinda cute",
                    "u looked really cute today",
                    "ur cute btw",
                    "ok i have to say it ur cute",
                    "not gonna lie u looked good at the party",
                    "ur smile is so nice",
                    "why are u so cute thats rude",
                    "ur so mature compared to the rest of our year ngl",
                    "u looked so good in ur {sport} kit today lol",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "stoppp",
                    "omg shut up",
                    "ur cuter",
                    "😳",
                    "no ur cute",
                    "lol thank u",
                    "u cant just say that",
                    "im blushing stop",
                    "aww ty",
                ),
            )
            if s.chance(0.5):
                s.say(
                    x,
                    _dp(
                        s,
                        T,
                        "its true tho",
                        "sorry lol",
                        "just saying",
                        "ok ok",
                        "hehe",
                        "no regrets",
                    ),
                )
        elif step == "selfie":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "send a selfie i forgot what u look like lol",
                    "send a pic of ur outfit",
                    "show me the haircut!!",
                    f"send a pic of u and {mutual} from today",
                    "pic of the new glasses pls",
                    "send a pic of ur fit for the disco",
                ),
            )
            if s.chance(0.3):
                s.say(
                    y,
                    _dp(
                        s,
                        T,
                        "no im in my pjs 😭",
                        "absolutely not i look like a potato",
                        "tmrw when i dont look dead",
                        "no lol",
                        "my hair is a mess no",
                    ),
                )
                s.say(x, _dp(s, T, "fair", "ok tmrw then", "booo", "lol fine", "ok ok"))
            else:
                s.say(
                    y,
                    _dp(
                        s,
                        T,
                        "sent",
                        "ok dont laugh",
                        "*sent*",
                        "there",
                        "ok its blurry sorry",
                        f"sent, {mutual} took it",
                    ),
                )
                s.say(
                    x,
                    _dp(
                        s,
                        T,
                        "cute",
                        "omg it looks so good",
                        "ur so pretty",
                        "looks sick",
                        "10/10",
                        "love it",
                        "the fit is fit",
                    ),
                )
        elif step == "snap":
            app = s.pick("snap", "insta", "snap", "discord", "tiktok")
            s.say(
                x,
                _dp(
                    s,
                    T,
                    f"add me on {app}",
                    f"do u have {app}",
                    f"whats ur {app}",
                    f"im on {app} more, add me",
                    f"ur {app}?",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    _handle(s, y),
                    f"its {_handle(s, y)}",
                    f"{_handle(s, y)} dont judge",
                    f"added u! {_handle(s, y)}",
                ),
            )
            s.say(x, _dp(s, T, "added", "ok added u", "omg ur username lol", "done", "accepted"))
        elif step == "secret":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    f"dont tell anyone i like u ok. esp {other}",
                    "pls dont tell anyone i said that",
                    f"this stays between us ok, if {other} finds out the whole year knows",
                    "dont show anyone these msgs pls lol",
                    "promise u wont tell anyone i have a crush on u",
                    f"if u screenshot this to {other} i will move schools",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "my lips are sealed",
                    "i wont i promise",
                    "too late i told my whole form. jk",
                    f"{other} would literally tell everyone so no",
                    "i wont lol",
                    "i like u too btw",
                    "promise",
                ),
            )
            if s.chance(0.5):
                s.say(x, _dp(s, T, "😭", "wait really", "ok good", "omg", "hehe ok", "ok phew"))
        elif step == "call":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "can i call? or are ur parents home lol",
                    "are ur parents home? my mum listens to every call i make",
                    "r u allowed to call rn or is ur dad there",
                    "facetime? or is ur mum home",
                    "call? i need to tell u something lol",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "my dad's home but he's asleep on the sofa lol call",
                    "yeah they're home, text instead i have to do chores",
                    "my mum says no phones after 9 so tmrw",
                    "they're downstairs its fine call me",
                    "im home alone til 6 so call whenever",
                    "cant rn my {sibling} is in the room",
                    "give me 5 min",
                ),
            )
            if s.chance(0.5):
                s.say(x, _dp(s, T, "ok calling", "ok tmrw then", "lol ok", "k", "ok text it is"))
        else:
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "omg ignore that wrong chat",
                    "DELETE THAT",
                    "delete that msg omg i didnt mean to send it",
                    "pls unsee that",
                    "that was meant for {kid} 💀 delete it",
                    "ignore my last msg pls",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "too late i screenshotted 😂",
                    "deleted dw",
                    "what was it lol",
                    "LMAO",
                    "ok ok deleted",
                    "no its funny",
                    "didnt even see it",
                ),
            )
            if s.chance(0.5):
                s.say(x, _dp(s, T, "i hate u", "im so embarrassed", "stoppp", "thank u", "ugh"))

    if s.chance(0.6):
        s.wait("days")
        x, y = _two(s, (a, b))
        s.say(
            x,
            _dp(
                s,
                T,
                f"wanna go to {{place}} sat? {mutual} and {other} are coming too",
                f"meet at the mall {{day}}? with {mutual} and them",
                "wanna go cinema on {day} w everyone",
                "we should hang out. {place} after school?",
                f"{mutual} is having people over {{day}}, u coming?",
            ),
        )
        if s.chance(0.4):
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "i have to ask my mum",
                    "let me ask my dad",
                    "ill ask my mum when she's home",
                    "maybe, need to check with my mum",
                ),
            )
            s.say(x, _dp(s, T, "ok tell me what she says", "ok lmk", "ok hope she says yes"))
            s.wait(s.rng.choice(("pause", "hours")))
            s.say(
                y,
                _dp(
                    s,
                    T,
                    f"she said yes if im home by {s.rng.choice(_HOME_BY)}",
                    "my mum said yes!! she'll drop me off",
                    "my dad said ok but he's picking me up",
                    "she said i have to finish my homework first but yes",
                ),
            )
        else:
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "yes!! my mum can drive me",
                    f"my mum says yes if im home by {s.rng.choice(_HOME_BY)}",
                    f"ya but my dad's picking me up at {s.rng.choice(_HOME_BY)}",
                    "ok yes omg",
                    "yess my mum already said i can go",
                    "yes! my mum can pick u up on the way if u want",
                ),
            )
        s.say(x, _dp(s, T, "yay", "ok cool cool", "cant wait", "perfect", "omg ok"))
    if s.chance(0.5):
        x, y = _two(s, (a, b))
        s.say(
            x,
            _dp(
                s,
                T,
                "gn",
                "ok i have to sleep",
                "goodnight",
                "text u tmrw",
                "my mum took my charger bye",
                "night x",
            ),
            gap="pause",
        )
        s.say(y, _dp(s, T, "gn", "night", "bye", "sweet dreams lol", "ttyl", "nightt"))


# ---------------------------------------------------------------------------
# hn_pa_surprise_party: a group of teens planning a friend's surprise birthday
# ---------------------------------------------------------------------------


def _surprise_party(s: Scene) -> None:
    s.night = 0.15
    age = s.rng.randint(12, 17)
    lo, hi = max(10, age - 1), min(17, age + 1)
    voice = "teen" if age > 12 else "kid"
    people = [
        s.person(s.rng.randint(lo, hi), voice, p_unknown=_pu(s)) for _ in range(s.rng.randint(3, 5))
    ]
    host, *rest = people
    bday = _others(s, [p.name for p in people], pool=_GIRLS)[0]
    turning = min(age + 1, 18)
    s.say(
        host,
        _dp(
            s,
            T,
            f"ok so {bday}'s bday is {{day}} and i want to do a surprise thing",
            f"guys. surprise party for {bday}. who's in",
            f"made this chat without {bday} obviously lol",
            f"DO NOT add {bday} to this chat. surprise party planning",
            f"ok its {bday}'s {turning}th soon and we need to do something big",
            f"{bday} turns {turning} next week and she thinks we forgot 👀",
        ),
    )
    for p in s.rng.sample(rest, s.rng.randint(1, len(rest))):
        s.say(
            p,
            _dp(
                s,
                T,
                "omg yes",
                "im in",
                "wait does she know",
                "YES",
                "finally someone organised it",
                "how are we doing this without her finding out",
                "love this",
                "count me in",
                "she's gonna cry lol",
                "ur so mature for organising this lol",
            ),
        )
    steps = ["secret", "money", "venue", "distract", "parent", "pics", "delete", "suspicious"]
    s.rng.shuffle(steps)
    for i, step in enumerate(steps[: s.rng.randint(4, 8)]):
        if i and s.chance(0.35):
            s.wait(s.rng.choice(("hours", "days")))
            s.say(
                s.rng.choice(people),
                _dp(
                    s,
                    T,
                    "ok updates",
                    "guys",
                    "quick q",
                    "ok so",
                    "party stuff:",
                    "hello?? anyone",
                    "ok important",
                ),
            )
            if s.chance(0.4):
                _group_talk(s, people, 1, _TEEN_TALK, _TEEN_REACT, T)
        x, y = _two(s, people)
        if step == "secret":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    f"nobody tell {bday} ok",
                    "this is our little secret",
                    "nobody say ANYTHING in the main gc",
                    "if anyone tells her i will end u",
                    "act normal at school lol",
                    f"dont tell {bday} omg she cant keep a straight face",
                    "seriously dont let it slip, she finds out everything",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "my lips are sealed",
                    "obviously",
                    "i wont!!",
                    "ok but {kid} has a big mouth",
                    "im a vault",
                    "lol ok mum",
                    "who do u think i am",
                ),
            )
        elif step == "money":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "everyone send me {amount} for the present",
                    "we're getting her {gift}, its like {amount} each",
                    "can everyone bring like {amount} for the gift",
                    "gift money: {amount} each, cash or send it to my mum's account",
                    "i'll put in for the cake if someone does balloons",
                ),
            )
            for p in s.rng.sample(
                [q for q in people if q is not x], s.rng.randint(1, len(people) - 1)
            ):
                s.say(
                    p,
                    _dp(
                        s,
                        T,
                        "ill give it u tmrw",
                        "can i pay u back friday",
                        "my mum said she'll chip in",
                        "sent",
                        "i only have 5 rn sorry",
                        "done",
                        "ill bring cash",
                        "whats the gift again?",
                        "my dad sent it to ur mum",
                    ),
                )
        elif step == "venue":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "meet at mine {day} at 4, my mum said its fine",
                    "my parents are out till 8 so we can set up at mine before they get back",
                    "my house is free after school, my mum will be there but she'll stay upstairs",
                    "can we do it at yours? mine is tiny",
                    "my dad said we can use the garden",
                    "my nan said we can use her conservatory lol",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "perfect",
                    "ok whats ur address again",
                    "ill bring the speaker",
                    "can my mum drop me at 4",
                    "ok cool",
                    "yesss",
                    "ill bring fairy lights",
                ),
            )
        elif step == "distract":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    f"{y.name} ur job is to keep her busy",
                    f"{y.name} take her to {{place}} and bring her back by 5",
                    f"someone needs to get her out of the house. {y.name}?",
                    f"{y.name} u tell her ur taking her for {{food}}",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "on it",
                    "why me lol",
                    "ok but she'll know something's up",
                    "easy",
                    "ok ill say its just us two",
                ),
            )
        elif step == "parent":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "her mum is in on it she'll drop her at 5",
                    "i messaged her mum she said yes!!",
                    "her dad is gonna pretend they're going for dinner",
                    "her mum said dont worry about food she'll sort it",
                    "my mum's picking up the cake from {store}",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "omg her mum is the best",
                    "perfect",
                    "wait does her mum have my number",
                    "ok good",
                    "her dad is so bad at lying lol",
                ),
            )
        elif step == "pics":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "send me a pic of the cake",
                    "send a pic of the banner when its done",
                    "send me baby pics of her for the slideshow",
                    "anyone got old pics of us from year 7",
                    "send me pics of her for the collage pls",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "sent",
                    "ok one sec",
                    "i have SO many",
                    "the one from the beach is iconic",
                    "sending the embarrassing ones",
                    "ill ask her mum for baby ones",
                ),
            )
        elif step == "delete":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "delete this chat after, she goes through my phone",
                    "ill delete the gc after so she never sees",
                    "she uses my ipad so im deleting these",
                    "if she sees ur phone delete these msgs",
                    "mute this chat in case it pops up when she's next to u",
                ),
            )
            s.say(y, _dp(s, T, "good idea", "lol ok", "shes so nosy", "muted", "ok", "done"))
        else:
            s.say(
                x,
                _dp(
                    s,
                    T,
                    f"{bday} just asked me what we're doing {{day}}",
                    "she's getting suspicious",
                    "she asked why i was being weird",
                    "she saw the chat name on my lock screen 💀",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "what did u say",
                    "noooo",
                    "act normal!!",
                    "say its a group project",
                    "tell her we're just watching movies",
                ),
            )
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "i said we're just watching movies",
                    "i said nothing",
                    "i panicked",
                    "i said it was about {subject}",
                    "i told her its a {subject} project",
                ),
            )
    if s.chance(0.65):
        s.wait("days")
        s.say(
            s.rng.choice(people),
            _dp(
                s,
                T,
                "SHE CRIED omg",
                "best surprise ever",
                "she had no clue!!",
                "that was perfect thank u guys",
                "her face 😭😭",
            ),
        )
        for p in s.rng.sample(people, s.rng.randint(1, 3)):
            s.say(
                p,
                _dp(
                    s,
                    T,
                    "i cant believe we pulled it off",
                    "10/10",
                    "send the pics!!",
                    "best night",
                    "her mum was crying too",
                    "we're so good at this",
                    "she said its the best bday ever",
                ),
            )


# ---------------------------------------------------------------------------
# hn_pa_gaming_teammates: same-age teen teammates
# ---------------------------------------------------------------------------


def _gaming_teammates(s: Scene) -> None:
    s.night = 0.45
    age = s.rng.randint(12, 17)
    a = s.person(age, "teen" if age > 12 else "kid", p_unknown=_pu(s))
    b = s.person(_peer_age(s, age, 12, 17), "teen", p_unknown=_pu(s))
    team = [a, b]
    if s.chance(0.3):
        team.append(s.person(_peer_age(s, age, 12, 17), "teen", p_unknown=_pu(s)))
    s.say(
        a,
        _dp(
            s,
            T,
            "gg",
            "gg that was close",
            "ur cracked at {game}",
            "nice clutch",
            "that last round tho",
            "we actually won",
            "gg ez",
            "duo again?",
        ),
    )
    s.say(
        b,
        _dp(s, T, "gg", "ty", "u carried", "we got lucky", "ggs", "that was insane", "ya queue up"),
    )
    _group_talk(s, team, s.rng.randint(1, 3), _GAMER_TALK, _GAMER_REACT, T)
    steps = ["discord", "age", "gift", "late", "banter", "school", "talk"]
    s.rng.shuffle(steps)
    for i, step in enumerate(steps[: s.rng.randint(3, 7)]):
        if i and s.chance(0.4):
            s.wait("days")
            p, q = _two(s, team)
            s.say(p, _dp(s, T, "u on", "on?", "yo", "hop on", "u playing", "{game}?", "get on"))
            s.say(
                q,
                _dp(
                    s, T, "yeah 5 min", "ya", "in a bit", "after dinner", "ok", "after my homework"
                ),
            )
        x, y = _two(s, team)
        if step == "discord":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "add me on discord so we can vc",
                    "whats ur discord",
                    "u got discord?",
                    "add me on disc, in game chat is trash",
                    "join our server",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    _handle(s, y),
                    f"its {_handle(s, y)}",
                    "sent u a request",
                    "cant vc my mum says no voice chat w people i dont know irl. i can type tho",
                    "ok",
                    "im not allowed discord yet lol",
                ),
            )
        elif step == "age":
            _age_swap(s, x, y)
            if s.chance(0.4):
                s.say(
                    x,
                    _dp(
                        s,
                        T,
                        "u sound older lol",
                        "thought u were like 20",
                        "ur voice is so deep lol",
                        "ok ur a kid too lmao",
                    ),
                )
                s.say(y, _dp(s, T, "lol no", "everyone says that", "my voice broke early", "ha"))
        elif step == "gift":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    f"ill gift u {s.rng.choice(_SKINS)}",
                    "i got too many {currency} want some",
                    f"i can gift u {s.rng.choice(_SKINS)} for ur bday",
                    "my aunt got me a gift card for my bday, want the skin?",
                    f"trade u {s.rng.choice(_SKINS)} for ur {s.rng.choice(_SKINS)}",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "fr? ty",
                    "u dont have to",
                    "W",
                    "deal",
                    "no way thank u",
                    "ill gift u smth back when i get {currency}",
                ),
            )
        elif step == "late":
            if _late(s):
                s.say(
                    x,
                    _dp(
                        s,
                        T,
                        "its so late my mum's gonna kill me",
                        "i should be asleep",
                        "gotta get off before my mum takes my xbox",
                        "one more game then im off, school tmrw",
                        "my dad just yelled at me to get off",
                    ),
                )
            else:
                s.say(
                    x,
                    _dp(
                        s,
                        T,
                        "gtg dinner",
                        "my mum says i have to do homework first",
                        "brb my {sibling} needs the tv",
                        "i only get 2 hours on school days",
                    ),
                )
            s.say(y, _dp(s, T, "same", "one more", "ok gn", "rip", "ur mum is scary", "see u tmrw"))
        elif step == "banter":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "ur so bad at this",
                    "who taught u to aim",
                    "u threw so hard",
                    "why did u jump off the map",
                    "bro was spectating the whole game",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "shut up",
                    "lag",
                    "it was my controller",
                    "ur worse",
                    "not my fault",
                    "my {sibling} grabbed my controller",
                ),
            )
            if s.chance(0.5):
                s.say(x, _dp(s, T, "excuses", "sure", "ok ok", "L"))
        elif step == "school":
            school_pairs: tuple[Pair, ...] = (
                (
                    ("what school u go to", "u go to school near here?"),
                    ("{school}", "{school}, its ok", "a school in {city} u wont know it"),
                ),
                (
                    ("u got school tmrw?", "school tmrw?"),
                    ("yeah ugh", "nah we're off", "yeah {subject} first", "inset day lol"),
                ),
                (("what year r u in", "what grade r u"), (_year(y.age), f"{_year(y.age)}, u?")),
                (("where u from", "what country u in"), ("{city}", "near {city}", "uk", "ireland")),
            )
            sq, sa = s.rng.choice(school_pairs)
            s.say(x, _dp(s, T, *sq))
            s.say(y, _dp(s, T, *sa))
            if s.chance(0.5):
                s.say(x, _dp(s, T, "oh nice", "lucky", "cool", "ah ok", "same"))
        else:
            _talk(s, x, y, s.rng.randint(1, 2), _TEEN_TALK, _TEEN_REACT, T)
    if s.chance(0.5):
        s.say(
            s.rng.choice(team), _dp(s, T, "gn", "im off", "gg gn", "bye", "on tmrw?"), gap="pause"
        )


# ---------------------------------------------------------------------------
# hn_pa_online_friends: same-age friends met in an online community
# ---------------------------------------------------------------------------


def _online_friends(s: Scene) -> None:
    s.night = 0.2
    age = s.rng.randint(12, 16)
    a = s.person(age, "teen" if age > 12 else "kid", p_unknown=_pu(s))
    b = s.person(_peer_age(s, age, 11, 16), "teen", p_unknown=_pu(s))
    where = s.pick(
        "the {artist} server",
        "the art discord",
        "the {show} fandom",
        "ur {hobby} post",
        "the {game} server",
        "ur fan edit",
    )
    s.say(
        a,
        _dp(
            s,
            T,
            f"hi! i saw u in {where}",
            f"hiii from {where}",
            f"hey i loved ur comment in {where}",
            "hii ur edits are so good",
            f"hey!! we talked in {where} yesterday",
        ),
    )
    s.say(
        b,
        _dp(s, T, "omg hi", "hiii thank u!!", "haha hi", "hey!! ur art is so good btw", "oh hiii"),
    )
    _talk(s, a, b, s.rng.randint(1, 3), _TEEN_TALK, _TEEN_REACT, T)
    steps = ["school", "handles", "pet", "age", "hobby", "talk"]
    s.rng.shuffle(steps)
    for i, step in enumerate(steps[: s.rng.randint(3, 6)]):
        if i and s.chance(0.5):
            s.wait(s.rng.choice(("days", "weeks")))
            p, q = _two(s, (a, b))
            s.say(
                p,
                _dp(
                    s,
                    T,
                    "hiii",
                    "guess whattt",
                    "ur never gonna believe this",
                    "hey!",
                    "i missed u",
                ),
            )
            s.say(q, _dp(s, T, "what", "hiii", "omg tell me", "heyy"))
            _talk(s, a, b, 1, _TEEN_TALK, _TEEN_REACT, T)
        x, y = _two(s, (a, b))
        if step == "school":
            if s.chance(0.2):
                s.say(x, _dp(s, T, "what school do you go to", "where do u go to school"))
                s.say(y, _dp(s, T, "im homeschooled actually", "i do online school lol"))
                s.say(x, _dp(s, T, "omg thats so cool", "wait is that fun", "lucky no uniform"))
            else:
                s.say(
                    x,
                    _dp(
                        s, T, "what school do you go to", "where do u live btw", "what city r u in"
                    ),
                )
                s.say(
                    y,
                    _dp(
                        s,
                        T,
                        "{school} in {city}, u?",
                        "{city}",
                        "{city}! its so boring",
                        "near {city}, u?",
                        "a school in {city}",
                    ),
                )
                s.say(
                    x,
                    _dp(
                        s,
                        T,
                        "omg so far from me",
                        "im like 2 hours away from there",
                        "oh cool",
                        "ooh i want to visit",
                        "ive never been there",
                        "my aunt lives there!!",
                    ),
                )
        elif step == "handles":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "add me on insta",
                    "do u have snap",
                    "whats ur tiktok",
                    "can i add u on discord its easier",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    _handle(s, y),
                    f"its {_handle(s, y)}",
                    "my mum only lets me have whatsapp lol",
                    f"{_handle(s, y)} but its private, ill accept",
                ),
            )
            s.say(x, _dp(s, T, "ok", "ok sent a request", "ur pfp is so cute", "found u", "ok np"))
        elif step == "pet":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "send a pic of ur {pet}!!",
                    "do u have pets? send pics",
                    "pls show me ur {pet}",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "sent!! her name is {food} lol",
                    "heres him being dramatic",
                    "i have a {pet}, sending a pic",
                    "sent the blurry one sorry",
                ),
            )
            s.say(
                x,
                _dp(
                    s, T, "omg i love her", "SO CUTE", "i need him", "ok mine is sending u a hello"
                ),
            )
        elif step == "age":
            _age_swap(s, x, y)
        elif step == "hobby":
            s.say(
                x,
                _dp(
                    s,
                    T,
                    "have u drawn anything new",
                    "how is the {hobby} going",
                    "did u finish the edit",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "yes! sending it",
                    "not yet im stuck",
                    "ill post it tonight",
                    "my {subject} teacher gave me so much homework i cant",
                ),
            )
            s.say(
                x, _dp(s, T, "cant wait", "its gonna be so good", "uploaded yet?", "proud of u fr")
            )
        else:
            _talk(s, x, y, 2, _TEEN_TALK, _TEEN_REACT, T)
    if s.chance(0.6):
        s.wait("weeks")
        x, y = _two(s, (a, b))
        s.say(
            x,
            _dp(
                s,
                T,
                "ok so my mum said we could meet at {place} if ur mum talks to her first",
                "my mum wants ur mum's number lol so they can plan",
                "my family is going to {city} in the summer!! we could meet??",
                "i asked my dad and he said he'll take me to meet u if ur parents come too",
            ),
        )
        s.say(
            y,
            _dp(
                s,
                T,
                "omg yes ill ask",
                "my mum said ok! she'll text ur mum",
                "ill give u her number",
                "AHH yes",
                "my mum said only if she comes too lol",
            ),
        )
        s.say(x, _dp(s, T, "yay!!", "omg this is happening", "ok tell her to text my mum", "ok!!"))
        if s.chance(0.4):
            s.wait("days")
            s.say(
                y,
                _dp(
                    s,
                    T,
                    "our mums have been texting for an hour lol",
                    "my mum said ur mum is so nice",
                    "ok its confirmed {day}!!",
                ),
            )
            s.say(x, _dp(s, T, "typical", "yay", "cant wait", "ok what should we do there"))


# ---------------------------------------------------------------------------
# hn_pa_pen_pal: teacher-run international pen-pal exchange between kids
# ---------------------------------------------------------------------------

_PEN_TOPICS: tuple[Pair, ...] = (
    (
        ("What food do you eat in {country}?", "what is a typical food where you live?"),
        (
            "We eat a lot of {food}. And bread!",
            "my favourite is {food}. my grandma makes it",
            "Lots of rice and vegetables. On Sundays we have {food}.",
        ),
    ),
    (
        ("Do you have any pets?", "do u have a pet?"),
        (
            "Yes a {pet} called Biscuit!",
            "no but i really want a {pet}",
            "We have two cats and a {pet}.",
        ),
    ),
    (
        ("What do you do after school?", "what do you do when you get home from school?"),
        ("I do {sport} on {day}.", "i play {game} and do homework", "I go to my grandma's house."),
    ),
    (
        ("What sports do you play?", "do you like sport?"),
        ("I play {sport}!", "not really, i like {hobby} more", "Football at break time every day."),
    ),
    (
        ("Is it cold there now?", "what is the weather like?"),
        ("It is very hot! 30 degrees.", "it rained all week", "It snowed yesterday!!"),
    ),
    (
        ("How many people are in your class?", "how big is your class?"),
        ("We have 28 people in my class.", "24 and 2 teachers", "Only 19, it is a small school."),
    ),
    (
        ("What is your school like?", "do you wear a uniform?"),
        (
            "It is big and we have a garden.",
            "We wear a uniform, it's blue.",
            "no uniform! we wear our own clothes",
        ),
    ),
    (
        ("What language do you speak at home?", "can you speak english at home?"),
        (
            "We speak English and a bit of my dad's language.",
            "only at school haha",
            "At home we speak our language but I watch YouTube in English.",
        ),
    ),
    (
        ("What is your favourite film?", "what music do you like?"),
        (
            "I love {artist}!",
            "My favourite is Frozen but don't laugh",
            "i like {show}, do you have it?",
        ),
    ),
    (
        ("Do you have brothers or sisters?", "how many people live in your house?"),
        (
            "One {sibling}, annoying haha",
            "Just me and my mum and my nan.",
            "I have three! It is very loud.",
        ),
    ),
    (
        ("What holidays do you have in {country}?", "when is your summer holiday?"),
        (
            "In July and August!",
            "we have a big festival in spring with fireworks",
            "Our long holiday is in December because it is summer here",
        ),
    ),
)


def _pen_pal(s: Scene) -> None:
    s.night = 0.0
    age = s.rng.randint(10, 13)
    a = s.person(age, "kid", p_unknown=_pu(s))
    b = s.person(_peer_age(s, age, 10, 14), "kid", p_unknown=_pu(s))
    (ca, ta), (cb, tb) = s.rng.sample(_COUNTRIES, 2)
    teacher = s.rng.choice(("Ms", "Mr", "Mrs")) + " " + s.rng.choice(_SURNAMES)
    weekday = s.rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"))
    teacher_p: Person | None = None
    if s.chance(0.3):
        teacher_p = s.person(s.rng.randint(28, 58), "formal", p_unknown=0.2)
        s.say(
            teacher_p,
            s.pick(
                "Hello both! You have been paired for the pen-pal project. "
                "Please introduce yourselves.",
                f"Welcome to the class exchange between {ta} and {tb}. "
                "Teachers can see these messages.",
                "Hi everyone, remember to be kind and to write at least three sentences each time.",
            ),
        )
    said_age = s.chance(0.5)
    if said_age:
        s.say(
            a,
            s.pick(
                f"Hello {b.name}! I am your pen pal from {ca}. I am {a.age} and I like {{hobby}}.",
                f"hi {b.name} im {a.name}, im {a.age} and im from {ta}. "
                "our teacher said we write every week",
                f"Hello from {ta}! I'm {a.name}, I'm {a.age}. Nice to meet you!",
            ),
        )
        s.say(
            b,
            s.pick(
                f"Hi {a.name}! I'm {b.name} from {tb}, {cb}. I am {b.age} too!"
                if a.age == b.age
                else f"Hi {a.name}! I'm {b.name} from {tb}, {cb}. I am {b.age}.",
                f"hello! nice to meet you. i live in {tb} and i am {b.age}",
                f"Hi! I am {b.name}. I am {b.age}. My favourite subject is {{subject}}.",
            ),
        )
    else:
        s.say(
            a,
            s.pick(
                f"Hi! My name is {a.name} and I live in {ta} in {ca}. {teacher} paired us.",
                f"Hello {b.name}, I am {a.name} from {ca}! I like {{hobby}} and {{sport}}.",
                f"hi im {a.name} from {ta}, this is my first pen pal!",
            ),
        )
        s.say(
            b,
            s.pick(
                f"Hi {a.name}! I'm {b.name} from {tb}, {cb}. How old are you?",
                f"hello! nice to meet you. i live in {tb}. how old are you?",
                f"Hi! I am {b.name}. My favourite subject is {{subject}}. How old are you?",
            ),
        )
        s.say(
            a,
            _dp(
                s,
                "kid",
                f"I am {a.age}. What about you?",
                f"im {a.age}! and u",
                f"{a.age} and a half haha. you?",
                f"I'm {a.age}, I'm in {_year(a.age)} at {{school}}. You?",
            ),
        )
        s.say(
            b,
            _dp(
                s,
                "kid",
                f"I am {b.age} too!" if a.age == b.age else f"I am {b.age}.",
                f"{b.age}! cool",
                f"im {b.age}",
            ),
        )
    for q, ans in s.rng.sample(list(_PEN_TOPICS), s.rng.randint(2, 5)):
        x, y = _two(s, (a, b))
        s.wait("days")
        country = cb if x is a else ca
        s.say(x, _dp(s, "kid", *q).replace("{country}", country))
        s.say(y, _dp(s, "kid", *ans))
        if s.chance(0.4):
            s.say(
                x,
                _dp(
                    s,
                    "kid",
                    "Cool!",
                    "wow",
                    "That is so interesting!",
                    "haha same",
                    "I want to try that!",
                    "we have that too!",
                ),
            )
    s.wait("days")
    x, y = _two(s, (a, b))
    town = tb if y is b else ta
    s.say(
        x,
        _dp(
            s,
            "kid",
            f"Can you send a photo of {town}?",
            "send a photo of your town please!",
            "can you send me a picture of where you live?",
            "Our project is to share a photo of where we live.",
        ),
    )
    s.say(
        y,
        _dp(
            s,
            "kid",
            "Here is the main square! And the church.",
            "this is the view from our classroom window",
            "I sent one of the beach near my house.",
            f"here is {town} in winter",
            "We took this one on a class trip round town.",
        ),
    )
    s.say(
        x,
        _dp(
            s,
            "kid",
            "It is so pretty!",
            "wow so different from here",
            "I sent you one of my town too",
            "is that the sea??",
        ),
    )
    if s.chance(0.75):
        p, p2 = _two(s, (a, b))
        s.say(
            p,
            _dp(
                s,
                "kid",
                f"{teacher} says we can video call in class on {weekday}!",
                "my teacher says we can video call in class next week",
                "our teachers are setting up a video call with both classes",
                f"{teacher} said maybe we can meet on a school trip one day",
            ),
        )
        s.say(p2, _dp(s, "kid", "yay!", "I'm nervous haha", "can't wait!!", "cool see you then"))
    if teacher_p is not None and s.chance(0.7):
        s.say(
            teacher_p,
            s.pick(
                f"Lovely messages, both of you. The class video call is on {weekday} at 10.",
                "Great work! Please remember not to share your home address or phone number here.",
                "Well done! Next week's topic is festivals in your country.",
            ),
            gap="days",
        )
    if s.chance(0.5):
        s.say(
            s.rng.choice((a, b)),
            _dp(
                s,
                "kid",
                "Bye! Write soon!",
                "see you next week",
                "bye pen pal!",
                "I have to go, lesson is ending",
            ),
        )


def _hello(s: Scene, p: Person, q: Person) -> None:
    """Adults picking a chat back up after a break."""
    pairs: tuple[Pair, ...] = (
        (
            ("Morning!" if s.clock.hour < 12 else "Evening!", "Hiya", "Hello you"),
            ("Hey! Not bad, you?", "Hello again", "Hey you", "Hi! How's things?"),
        ),
        (
            ("Hey you, how was the day?", "How was your day?"),
            ("Not bad, you?", "Long! Better now", "Fine, glad it's over"),
        ),
        (
            ("Sorry, work was mad", "Sorry, went quiet there, busy day"),
            ("No worries at all", "Don't be silly, same here", "Ha no stress"),
        ),
        (
            ("So I was thinking about what you said", "Okay, random thought"),
            ("Oh yeah?", "Uh oh lol", "Go on..."),
        ),
    )
    hq, ha = s.rng.choice(pairs)
    s.say(p, _dp(s, A, *hq))
    s.say(q, _dp(s, A, *ha))


# ---------------------------------------------------------------------------
# hn_pa_adult_dating: adults on a dating app
# ---------------------------------------------------------------------------


def _adult_dating(s: Scene) -> None:
    s.night = 0.3
    age = s.rng.randint(20, 50)
    a = s.person(age, s.rng.choice(("adult", "casual")), p_unknown=_pu(s))
    b = s.person(
        max(19, min(58, age + s.rng.randint(-6, 6))),
        s.rng.choice(("adult", "casual")),
        p_unknown=_pu(s),
    )
    job_a, job_b = s.rng.sample(_JOBS, 2)
    openers: tuple[Pair, ...] = (
        (
            (
                f"Hey {b.name}, love the dog in your third pic",
                "Hi! Is that your dog in the pics? He's gorgeous",
            ),
            (
                "Ha thank you! He's the real star",
                "He is, and he knows it",
                "That's Biscuit, he says hi",
            ),
        ),
        (
            (
                "Hi! Your profile made me laugh",
                "Hey, your bio is the best thing I've read all week",
            ),
            (
                "Hi! Glad someone appreciates my humour",
                "Ha, took me ages to write",
                "Haha thank you",
            ),
        ),
        (
            ("Hey, fellow {sport} fan I see", "Hi! Another {sport} person, finally"),
            (
                "Ha yes! Play every week",
                "Watch more than play these days lol",
                "Always good to meet one",
            ),
        ),
        (
            ("Hi there, how's your week going?", "Hey, how's your {day} going?"),
            (
                "Hey, good thanks, long week though. You?",
                "Not bad! Better now lol",
                "Busy but fine, you?",
            ),
        ),
        (
            (
                "Okay I have to ask about the hiking photo, where was that?",
                "Where's the mountain photo from?",
            ),
            (
                "Snowdon! Nearly died lol",
                "Lake District, last summer",
                "Scotland, it rained the whole time",
            ),
        ),
    )
    oq, oa = s.rng.choice(openers)
    s.say(a, _dp(s, A, *oq))
    s.say(b, _dp(s, A, *oa))
    s.say(
        a,
        _dp(
            s,
            A,
            f"Ha fair. So what do you do? I'm a {job_a}.",
            "What do you do when you're not on here?",
            "So what's your story?",
            "Good good. What do you do for work?",
        ),
    )
    s.say(
        b,
        _dp(
            s,
            A,
            f"{job_b}, which is as glamorous as it sounds.",
            f"I'm a {job_b}. You?",
            f"Work as a {job_b}, mostly drink coffee and complain lol",
            f"{job_b}! Love it most days.",
        ),
    )
    _talk(s, a, b, s.rng.randint(1, 3), _ADULT_TALK, _ADULT_REACT, A)
    steps = ["age", "flatter", "pic", "nervous", "whatsapp", "kids", "talk"]
    s.rng.shuffle(steps)
    for i, step in enumerate(steps[: s.rng.randint(3, 7)]):
        if i and s.chance(0.4):
            s.wait(s.rng.choice(("hours", "days")))
            p, p2 = _two(s, (a, b))
            _hello(s, p, p2)
            _talk(s, a, b, 1, _ADULT_TALK, _ADULT_REACT, A)
        x, y = _two(s, (a, b))
        if step == "age":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    "Random question, how old are you? Your pics look younger than the app says",
                    "How old are you btw? Your profile doesn't say",
                    "Can I ask how old you are? Just so I know I'm not the grandad here lol",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    A,
                    f"{y.age}! You?",
                    f"I'm {y.age}, don't let the skincare fool you",
                    f"{y.age}. Is that a dealbreaker lol",
                    f"Just turned {y.age}, ugh",
                ),
            )
            s.say(
                x,
                _dp(
                    s,
                    A,
                    f"{x.age}, so we're fine",
                    f"I'm {x.age}, not a dealbreaker at all",
                    f"{x.age} here",
                ),
            )
        elif step == "flatter":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    "You're really easy to talk to",
                    "Honestly you're so refreshing, everyone else on here is dull",
                    "You're very mature about all this, I like that",
                    "I love how you think",
                    "You're funnier than your profile lets on",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    A,
                    "Stop it, you'll make me blush",
                    "Ha, you're not so bad yourself",
                    "That's kind, thank you",
                    "I'll take that",
                    "Likewise honestly",
                ),
            )
        elif step == "pic":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    "Send a pic of what you're up to",
                    "Send me a pic of the famous dog",
                    "Show me this view you keep going on about",
                    "Send a pic of the cake then, or it didn't happen",
                    "Pic of the new haircut?",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    A,
                    "There you go, he's judging you",
                    "Sent! Excuse the mess",
                    "Ta-da",
                    "Sent, not my best angle lol",
                    "Here, proof",
                ),
            )
            s.say(
                x,
                _dp(
                    s,
                    A,
                    "Gorgeous",
                    "Love it",
                    "Okay that's impressive",
                    "Looking good!",
                    "Very nice",
                ),
            )
        elif step == "nervous":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    "Don't tell anyone but I'm really nervous about meeting",
                    "Confession, I haven't been on a date in like 3 years",
                    "Don't tell anyone I'm this nervous lol",
                    "My friends would laugh if they saw how long I spend replying to you",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    A,
                    "Ha, your secret is safe with me",
                    "Me too honestly",
                    "That's cute",
                    "Don't worry, I'm awkward enough for both of us",
                ),
            )
        elif step == "whatsapp":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    "Add me on WhatsApp? This app keeps logging me out",
                    "Shall we move to WhatsApp? Easier",
                    "Here's my number, text me whenever",
                    "Want to swap numbers? I'm rubbish at checking this app",
                ),
            )
            if s.chance(0.3):
                s.say(
                    y,
                    _dp(
                        s,
                        A,
                        "I'd rather stay on here until we've met, if that's ok",
                        "Let's stay on here a bit longer if that's ok",
                        "I'll give you my number when we meet, hope that's ok",
                    ),
                )
                s.say(x, _dp(s, A, "Totally fine", "No pressure at all", "Of course, makes sense"))
            else:
                s.say(
                    y,
                    _dp(
                        s,
                        A,
                        "Yeah go on, here it is",
                        "Sent you a message there",
                        "Sure, added you",
                    ),
                )
                s.say(x, _dp(s, A, "Got it", "Saved", "Got you"))
        elif step == "kids":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    "Do you have kids? Totally fine either way",
                    "Kids? Pets? Skeletons in the closet?",
                    "So is the little one in your photos yours?",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    A,
                    "One daughter, she's 9 and runs my life",
                    "No kids, one very spoilt cat",
                    "My niece! I'm the fun auntie",
                    "My nephew, I'm the cool uncle apparently",
                    "Two boys, 11 and 14, with me every other week",
                ),
            )
            s.say(x, _dp(s, A, "Aw lovely", "Ha love that", "Sounds busy!", "Amazing"))
        else:
            _talk(s, a, b, 2, _ADULT_TALK, _ADULT_REACT, A)
    s.wait("days")
    x, y = _two(s, (a, b))
    s.say(
        x,
        _dp(
            s,
            A,
            "So, coffee this week?",
            "Would you like to meet for a drink {day}?",
            "Fancy meeting for coffee at that place by the station?",
            "Walk and coffee on {day}?",
            "Dinner {day}? My treat",
        ),
    )
    s.say(
        y,
        _dp(
            s,
            A,
            "I'd like that",
            "Yes! 7ish?",
            "Go on then",
            "Can we do the weekend instead?",
            "Sounds lovely, somewhere public to start if that's ok",
        ),
    )
    s.say(
        x,
        _dp(
            s,
            A,
            "Perfect, see you there",
            "Of course, I'll book somewhere",
            "Great, I'll text you the place",
            "Done. Looking forward to it",
            "I can pick you up if you want, or meet there?",
        ),
    )
    if s.chance(0.5):
        s.say(
            y,
            _dp(s, A, "I'll meet you there", "Meet there is better", "See you then!", "Can't wait"),
        )
    if s.chance(0.4):
        s.wait("days")
        s.say(
            y,
            _dp(
                s,
                A,
                "Had a really nice time, thank you",
                "Home safe! Thanks for tonight",
                "That was fun, let's do it again",
            ),
        )
        s.say(
            x,
            _dp(
                s,
                A,
                "Me too, glad you got home ok",
                "Same here, next one's on you lol",
                "Definitely, I'll text you tomorrow",
            ),
        )


# ---------------------------------------------------------------------------
# hn_pa_coworkers: adults at work
# ---------------------------------------------------------------------------

_WORK_OPEN: tuple[Pair, ...] = (
    (
        (
            "Morning all, is anyone free to swap {day}? I've got a dentist appt",
            "Quick one, can anyone cover my {day} shift?",
        ),
        (
            "I can do it if you take my Sunday",
            "Can't sorry, kids' thing",
            "Go on then, you owe me",
            "Ask again tomorrow, I need to check",
        ),
    ),
    (
        ("Morning! Coffee run, anyone want anything?", "Going to the cafe, orders?"),
        ("Flat white please!", "Oat latte, you're a star", "I'm fine thanks", "Tea, milk no sugar"),
    ),
    (
        ("Did everyone get the new rota?", "Rota's out, check your emails"),
        (
            "Yep got it",
            "I'm on lates all week again",
            "Who do I talk to about my Friday?",
            "Not yet, will check",
        ),
    ),
    (
        ("Who's on {work} tomorrow?", "Is anyone in {work} today?"),
        ("Me, unfortunately", "Me and Dave I think", "Not me, I'm off", "I'm there from 10"),
    ),
)


def _coworkers(s: Scene) -> None:
    s.night = 0.05
    team = [
        s.person(
            s.rng.randint(22, 62), s.rng.choice(("adult", "casual", "formal")), p_unknown=_pu(s)
        )
        for _ in range(s.rng.randint(2, 4))
    ]
    leaver = _others(s, [p.name for p in team], pool=_GIRLS)[0]
    boss = _others(s, [*(p.name for p in team), leaver])[0]
    work = s.rng.choice(_WORK)
    for q, ans in s.rng.sample(list(_WORK_OPEN), s.rng.randint(1, 2)):
        x, y = _two(s, team)
        s.say(x, _dp(s, A, *q).replace("{work}", work))
        s.say(y, _dp(s, A, *ans))
    steps = ["leaver", "delete", "gossip", "meet", "swap", "talk", "talk2"]
    s.rng.shuffle(steps)
    for i, step in enumerate(steps[: s.rng.randint(3, 7)]):
        if i and s.chance(0.4):
            s.wait(s.rng.choice(("hours", "days")))
        x, y = _two(s, team)
        if step == "leaver":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    f"{leaver}'s leaving do is {{day}}, "
                    "I'm collecting for a gift. {amount} each?",
                    f"Don't tell {leaver} but we're getting a card and a gift, can people chip in",
                    f"Surprise leaving cake for {leaver} on {{day}}, keep it quiet!",
                    f"Collecting for {leaver}'s present, cash or bank transfer to me",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    A,
                    "I'm in, will bring cash tomorrow",
                    "Sent you {amount}",
                    "Lovely idea",
                    "What are we getting her?",
                    "Count me in, she'll be so missed",
                ),
            )
            if s.chance(0.5):
                s.say(
                    x,
                    _dp(
                        s,
                        A,
                        "Thinking {gift} or a voucher",
                        "Thanks! I'll hide the card in my drawer",
                        "Ta! Nearly there",
                        "Sign the card in the kitchen when she's on lunch",
                    ),
                )
        elif step == "delete":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    "Ugh, delete that email, it went to the whole department",
                    "Can you delete my last message, wrong chat",
                    "Ignore the email I just sent, attached the wrong file",
                    "Please delete that spreadsheet, it has everyone's salaries on it 😬",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    A,
                    "Done",
                    "Too late, I've read it",
                    "Happens to the best of us",
                    "Recall it!",
                    "Deleted, your secret's safe",
                ),
            )
        elif step == "gossip":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    f"Keep it between us but I think {boss} is handing in their notice",
                    f"Don't say anything but {boss} and the new guy had a massive row",
                    "Between us, I applied for the team lead job",
                    "Keep this quiet but a restructure is coming apparently",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    A,
                    "No way",
                    "My lips are sealed",
                    "I KNEW it",
                    "Won't say a word",
                    "Honestly not surprised",
                ),
            )
            if s.chance(0.5):
                s.say(
                    x,
                    _dp(
                        s,
                        A,
                        "Tell you more at lunch",
                        "Don't repeat it though",
                        "Shh",
                        "Coffee later?",
                    ),
                )
        elif step == "meet":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    "Meet at 9 at the side entrance?",
                    "Shall we meet at the station at 8:30 and walk over?",
                    "Meet you in the car park at 9, I'll drive us to the site",
                    "Team lunch at 1, meet in reception",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    A,
                    "See you there",
                    "I'll be late, save me a seat",
                    "Perfect",
                    "Can we make it 9:15?",
                ),
            )
        elif step == "swap":
            s.say(
                x,
                _dp(
                    s,
                    A,
                    "Can I swap my late on {day} for your early on Saturday?",
                    "Anyone want my Saturday? Please",
                    f"Need someone to cover {work} for an hour {{day}}",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    A,
                    "Go on then, you owe me",
                    "Yes, I need the extra hours",
                    "Not this week sorry",
                    "Ask the manager first, they're funny about swaps",
                ),
            )
        else:
            _group_talk(s, team, s.rng.randint(1, 3), _ADULT_TALK, _ADULT_REACT, A)
    if s.chance(0.5):
        s.say(
            s.rng.choice(team),
            _dp(
                s,
                A,
                "Right, back to it",
                "Have a good evening all",
                "See you tomorrow",
                "Night all, drive safe",
            ),
            gap="pause",
        )


# ---------------------------------------------------------------------------
# hn_pa_marketplace: buyer and seller of a second-hand item
# ---------------------------------------------------------------------------


def _marketplace(s: Scene) -> None:
    s.night = 0.1
    seller = s.person(
        s.rng.randint(20, 65), s.rng.choice(("adult", "casual", "elder")), p_unknown=_pu(s)
    )
    buyer = s.person(s.rng.randint(19, 60), s.rng.choice(("adult", "casual")), p_unknown=_pu(s))
    item = s.rng.choice(_ITEMS)
    price = s.rng.choice((20, 30, 40, 50, 60, 75, 80, 120, 150, 200))
    s.say(
        buyer,
        _dp(
            s,
            R,
            f"Hi, is the {item} still available?",
            f"Hello, still got the {item}?",
            f"hi is this {item} still for sale",
            f"Is the {item} available? Can collect today",
            f"Hiya, interested in the {item}, still up for grabs?",
        ),
    )
    s.say(
        seller,
        _dp(
            s,
            R,
            "Yes still available",
            "Hi yes it is",
            "Yep",
            "Yes, a few people asking though",
            "Still here yes",
        ),
    )
    steps = ["pics", "age", "why", "works", "kid", "haggle", "delivery"]
    s.rng.shuffle(steps)
    for step in steps[: s.rng.randint(2, 6)]:
        if step == "pics":
            s.say(
                buyer,
                _dp(
                    s,
                    R,
                    "Could you send more pics?",
                    "Can you send a pic of the back?",
                    "Any pics of the scratches you mentioned?",
                    "send me a few more photos pls",
                ),
            )
            s.say(
                seller,
                _dp(
                    s,
                    R,
                    "Sent a few more",
                    "Here you go",
                    "Sent 3 more, the mark is tiny",
                    "Sure, sent",
                ),
            )
            if s.chance(0.5):
                s.say(buyer, _dp(s, R, "Thanks, looks good", "Great", "Ah that's not bad at all"))
        elif step == "age":
            s.say(
                buyer,
                _dp(s, R, "How old is it?", "How long have you had it?", "how old is it roughly?"),
            )
            s.say(
                seller,
                _dp(
                    s,
                    R,
                    "About 2 years",
                    "Bought it last summer",
                    "Maybe 5 years but barely used",
                    "Got it new in 2022, still have the receipt",
                ),
            )
        elif step == "why":
            s.say(buyer, _dp(s, R, "Why are you selling?", "How come you're selling it?"))
            s.say(
                seller,
                _dp(
                    s,
                    R,
                    "Moving house",
                    "Upgraded, just doesn't get used",
                    "Kids have outgrown it",
                    "Just decluttering",
                    "Moving abroad, selling everything",
                ),
            )
        elif step == "works":
            s.say(buyer, _dp(s, R, "Any issues with it?", "Does everything work?", "Any faults?"))
            s.say(
                seller,
                _dp(
                    s,
                    R,
                    "All works perfectly",
                    "No issues, just a scuff on the side",
                    "Works fine, you can test it when you come",
                ),
            )
        elif step == "kid":
            if item in _KID_ITEMS:
                s.say(
                    buyer,
                    _dp(
                        s,
                        R,
                        f"It's for my son, he's 12, would the {item} suit him?",
                        f"Looking for my daughter, she's 14, is the {item} ok for a teen?",
                        "It's a surprise for my nephew's birthday so I need it by Friday",
                    ),
                )
                s.say(
                    seller,
                    _dp(
                        s,
                        R,
                        "Perfect for that age",
                        "My son had it at that age, loved it",
                        "Should be fine yes",
                        "Plenty of time, collect whenever",
                    ),
                )
            else:
                s.say(
                    buyer,
                    _dp(
                        s,
                        R,
                        "It's a surprise for my partner so keep it quiet if they message you lol",
                        "It's a moving-in present for my sister, don't tell her if she messages",
                    ),
                )
                s.say(seller, _dp(s, R, "Haha will do", "My lips are sealed", "No worries"))
        elif step == "delivery":
            s.say(
                buyer,
                _dp(s, R, "Could you deliver? I don't drive", "Any chance you could drop it off?"),
            )
            s.say(
                seller,
                _dp(
                    s,
                    R,
                    "Collection only sorry",
                    "Could do for a tenner if you're local",
                    "I can meet you halfway",
                ),
            )
        else:
            s.say(
                buyer,
                _dp(
                    s,
                    R,
                    f"Would you take {price - 10}?",
                    f"Any flex on price? {price - 15}?",
                    f"Could do {price - 5} cash today",
                ),
            )
            s.say(
                seller,
                _dp(
                    s,
                    R,
                    f"Can do {price - 5}",
                    "Price is firm sorry",
                    f"Meet me in the middle at {price - 5}?",
                    "Ok go on then",
                ),
            )
            s.say(buyer, _dp(s, R, "Deal", "Ok fair enough", "Great thanks", "Fine by me"))
    s.say(
        seller,
        _dp(
            s,
            R,
            "Cash or PayPal?",
            "Cash on collection please",
            "Bank transfer or cash is fine",
            "Cash preferred, or PayPal friends and family",
        ),
    )
    s.say(
        buyer,
        _dp(
            s, R, "Cash is fine", "PayPal if ok", "I'll bring cash", "Can I transfer when I see it?"
        ),
    )
    s.say(
        seller,
        _dp(
            s,
            R,
            "Can meet at the station at 6?",
            "Collection from mine or meet at the {store} car park",
            "I can meet you at the station after work",
            "I'm home all day, address to follow",
            "Meet at the petrol station on the main road?",
        ),
    )
    s.say(
        buyer,
        _dp(
            s, R, "Station works", "Works for me, 6ish ok?", "Ok great", "Can we do a bit later? 7?"
        ),
    )
    if s.chance(0.6):
        s.say(
            seller,
            _dp(
                s,
                R,
                "Text me on WhatsApp, I don't check this app much",
                "Here's my number, text when you're close",
                "Easier to message on WhatsApp if you're running late",
            ),
        )
        s.say(buyer, _dp(s, R, "Will do", "Saved, see you then", "Thanks, I'll text when I leave"))
    if s.chance(0.5):
        s.wait("hours")
        s.say(
            buyer,
            _dp(
                s, R, "Here, blue car", "Running 5 min late sorry", "Outside", "At the station now"
            ),
        )
        s.say(seller, _dp(s, R, "Coming down", "No worries", "Be there in 2", "See you"))
    if s.chance(0.3):
        s.wait("days")
        s.say(
            buyer,
            _dp(s, R, "Thanks again, works great", "Son loves it, thanks!", "All good, cheers"),
        )
        s.say(seller, _dp(s, R, "Glad to hear", "Enjoy!", "Great, thanks"))


# ---------------------------------------------------------------------------
# hn_pa_adult_gamers: adult friends gaming late at night
# ---------------------------------------------------------------------------


def _adult_gamers(s: Scene) -> None:
    s.night = 0.6
    age = s.rng.randint(21, 42)
    a = s.person(age, "casual", p_unknown=_pu(s))
    b = s.person(max(18, min(55, age + s.rng.randint(-5, 5))), "casual", p_unknown=_pu(s))
    team = [a, b]
    if s.chance(0.25):
        team.append(
            s.person(max(18, min(55, age + s.rng.randint(-5, 5))), "casual", p_unknown=_pu(s))
        )
    s.say(
        a,
        _dp(
            s,
            M,
            "on tonight?",
            "u on {game} later",
            "kids are down, u playing?",
            "hop on when ur free",
            "finally finished work, {game}?",
        ),
    )
    s.say(
        b,
        _dp(
            s,
            M,
            "after 10, wife's watching something",
            "yeah give me 20",
            "on now",
            "once the baby's asleep",
            "yes, need to decompress",
        ),
    )
    _group_talk(s, team, s.rng.randint(1, 3), _GAMER_TALK, _GAMER_REACT, M)
    steps = ["vc", "gift", "late", "age", "life", "talk"]
    s.rng.shuffle(steps)
    for i, step in enumerate(steps[: s.rng.randint(2, 6)]):
        if i and s.chance(0.4):
            s.wait("days")
            p, q = _two(s, team)
            s.say(p, _dp(s, M, "same time tonight?", "on?", "u about", "raid tonight?"))
            s.say(q, _dp(s, M, "yep", "can't tonight, date night", "later", "go on then"))
        x, y = _two(s, team)
        if step == "vc":
            s.say(
                x,
                _dp(
                    s, M, "jump in vc", "discord?", "get in voice, typing is slow", "join the call"
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    M,
                    "mic's broken, typing",
                    "in",
                    "one sec headset charging",
                    "have to whisper, kids asleep",
                ),
            )
        elif step == "gift":
            s.say(
                x,
                _dp(
                    s,
                    M,
                    f"I gifted you {s.rng.choice(_SKINS)} for your birthday btw",
                    "got you the DLC, happy birthday old man",
                    "sent you the expansion, it was on sale",
                    "check your inbox, got you a {card} card",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    M,
                    "legend",
                    "you didn't have to",
                    "cheers, owe you a pint",
                    "ah ta, nice one",
                ),
            )
        elif step == "late":
            if _late(s):
                s.say(
                    x,
                    _dp(
                        s,
                        M,
                        "it's gone midnight, I have a meeting at 9",
                        "last one, I'm too old for this",
                        "wife's going to kill me",
                        "my alarm's in 5 hours lol",
                    ),
                )
            else:
                s.say(
                    x,
                    _dp(
                        s,
                        M,
                        "brb dinner",
                        "gotta do the school run, back in 20",
                        "back in 10, bins",
                        "work call, afk",
                    ),
                )
            s.say(y, _dp(s, M, "one more", "fair", "coward", "fine"))
        elif step == "age":
            s.say(
                x,
                _dp(
                    s,
                    M,
                    "how old are you again? feel ancient tonight",
                    "remind me how old you are",
                    "we've been playing together for years and I don't know your age lol",
                ),
            )
            s.say(y, _dp(s, M, f"{y.age}, and my back knows it", f"{y.age}", f"{y.age} lol why"))
            s.say(
                x,
                _dp(
                    s, M, f"{x.age} here, we're old", "ha fair", "the kids in lobby call us boomers"
                ),
            )
        elif step == "life":
            s.say(
                x,
                _dp(
                    s,
                    M,
                    "how's the new job",
                    "how's the house move going",
                    "kid still not sleeping?",
                ),
            )
            s.say(
                y,
                _dp(
                    s,
                    M,
                    "knackered but good",
                    "boxes everywhere",
                    "nope lol",
                    "fine, paying the bills",
                ),
            )
        else:
            _talk(s, x, y, 2, _ADULT_TALK, _ADULT_REACT, A)
    s.say(
        s.rng.choice(team),
        _dp(s, M, "gg", "gn mate", "night", "good session", "same time thursday"),
        gap="pause",
    )


# ---------------------------------------------------------------------------
# Benign small talk
# ---------------------------------------------------------------------------


def _teen_friends(s: Scene) -> None:
    s.night = 0.2
    age = s.rng.randint(11, 17)
    voice = "teen" if age > 12 else "kid"
    a = s.person(age, voice, p_unknown=_pu(s))
    b = s.person(_peer_age(s, age, 11, 17), voice, p_unknown=_pu(s))
    s.say(a, _dp(s, T, "yo", "hiii", "heyyy", "u there", "omg", "bored", "ok so", "guess what"))
    s.say(b, _dp(s, T, "hey", "what", "yeah", "hi", "whatt", "sup"))
    for _ in range(s.rng.randint(1, 4)):
        _talk(s, a, b, s.rng.randint(2, 4), _TEEN_TALK, _TEEN_REACT, T)
        if s.chance(0.4):
            s.wait(s.rng.choice(("hours", "days")))
    if s.chance(0.5):
        x, y = _two(s, (a, b))
        s.say(
            x,
            _dp(
                s,
                T,
                "wanna walk to school together tmrw",
                "can u send me the {subject} notes",
                "are u going to {kid}'s thing",
                "lend me a pen tmrw i lost all mine",
            ),
        )
        s.say(
            y,
            _dp(
                s,
                T,
                "ok meet at the corner at 8",
                "yeah ill send them when im home",
                "maybe, my mum said maybe",
                "ok lol",
            ),
        )
    if s.chance(0.5):
        s.say(
            s.rng.choice((a, b)),
            _dp(s, T, "ok bye", "gtg dinner", "cya tmrw", "gn", "brb"),
            gap="pause",
        )


def _adult_friends(s: Scene) -> None:
    s.night = 0.1
    age = s.rng.randint(22, 65)
    a = s.person(
        age, s.rng.choice(("adult", "casual", "elder" if age > 55 else "adult")), p_unknown=_pu(s)
    )
    b = s.person(
        max(19, min(70, age + s.rng.randint(-8, 8))),
        s.rng.choice(("adult", "casual")),
        p_unknown=_pu(s),
    )
    s.say(
        a,
        _dp(
            s,
            A,
            "Hey you! Long time",
            "Hiya, how are things?",
            "Morning!" if s.clock.hour < 12 else "Evening!",
            "Are you alive lol",
            "Just thinking about you, how's it going?",
        ),
    )
    s.say(
        b,
        _dp(
            s,
            A,
            "Hey! All good here, you?",
            "Alive, barely lol",
            "Morning! Good thanks" if s.clock.hour < 12 else "Evening! Good thanks",
            "Haha sorry, been a mad few weeks",
        ),
    )
    for _ in range(s.rng.randint(1, 4)):
        _talk(s, a, b, s.rng.randint(2, 4), _ADULT_TALK, _ADULT_REACT, A)
        if s.chance(0.4):
            s.wait(s.rng.choice(("hours", "days")))
    if s.chance(0.6):
        x, y = _two(s, (a, b))
        s.say(
            x,
            _dp(
                s,
                A,
                "We should catch up properly, lunch {day}?",
                "Drinks soon?",
                "Walk on {day}?",
                "Come round for dinner next week",
            ),
        )
        s.say(
            y,
            _dp(
                s,
                A,
                "Yes please",
                "I'm free {day} after 6",
                "Definitely, name the day",
                "Can't this week but next?",
            ),
        )
        s.say(x, _dp(s, A, "Perfect", "Great, I'll book", "Deal", "Lovely"))


FAMILIES = (
    Family("hn_pa_teen_flirting", False, "hn_minor_minor", _teen_flirting),
    Family("hn_pa_surprise_party", False, "hn_minor_minor", _surprise_party),
    Family("hn_pa_gaming_teammates", False, "hn_minor_minor", _gaming_teammates),
    Family("hn_pa_online_friends", False, "hn_minor_minor", _online_friends),
    Family("hn_pa_pen_pal", False, "hn_minor_minor", _pen_pal),
    Family("hn_pa_adult_dating", False, "hn_adult_adult", _adult_dating),
    Family("hn_pa_coworkers", False, "hn_adult_adult", _coworkers),
    Family("hn_pa_marketplace", False, "hn_adult_adult", _marketplace),
    Family("hn_pa_adult_gamers", False, "hn_adult_adult", _adult_gamers),
    Family("benign_pa_teen_friends", False, "benign", _teen_friends),
    Family("benign_pa_adult_friends", False, "benign", _adult_friends),
)
