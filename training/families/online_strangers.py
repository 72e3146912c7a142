"""Online-stranger families (tag ``os``): adults who meet a child online and groom them.

Every family here is a positive. The offender is an adult the child met through a game, a
post, a stream, a hobby community or a "brand" account. Conversations open with ordinary
small talk, and the warning signs (age and location probes, flattery, phone checks,
secrecy, isolation, moving apps, gifts, a request for a selfie, a meeting) come later,
spread over sessions, often paraphrased instead of stated with the obvious keywords.
Children push back, deflect or go along; offenders back off, return, or guilt-trip.

Most lines are composed from several independently chosen parts (opener, core, tail) and
per-conversation details (handles, numbers, brands), so that 200 conversations of one
family rarely repeat a line.

Content rule: only the non-explicit warning signs that child-safety educators publish.
"""

from __future__ import annotations

from collections.abc import Sequence

from training.families.scene import Family, Person, Scene

GROUP = "positive_online_stranger"

# ---------------------------------------------------------------------------
# composition helpers
# ---------------------------------------------------------------------------

_KPRE = ("omg", "wait", "lol", "um", "hmm", "ngl", "tbh", "haha", "oh",
         "ya", "ahh", "uhh", "bruh")
_KSUF = ("lol", "haha", "tbh", "ngl", "rn", "i think", "lmao", "fr",
         "tho", "idk")
_CPRE = ("haha", "ha", "ngl", "honestly", "tbh", "oh", "ah", "lol", "yeah",
         "right", "mate", "yo")
_CSUF = ("lol", "haha", "tbh", "though", "honestly", "ngl", "fr")
_FPRE = ("Oh,", "Honestly,", "Ha,", "Well,", "Ah,", "Right,", "Great,", "So,",
         "By the way,", "Anyway,")
_FSUF = (":)", "🙂", "Haha.", "No pressure.", "Just saying.")

_HANDLES = ("shadow", "pixel", "frosty", "nova", "blaze", "lunar", "ghost", "vortex", "drift",
            "echo", "mango", "storm", "rogue", "bean", "viper", "kr4ken", "zed", "fox", "jinx",
            "moth", "raven", "sol", "taco", "noodle", "wolf")
_BRANDS = ("Kindred Apparel", "NXT Gen Wear", "Bloom Studio", "Urban Youth Co", "StreetLite",
           "Vivid Kids Agency", "Halo Sneakers", "FreshFace Models", "Glow Collective",
           "Nova Talent", "RiseUp Creators", "Pulse Athletics", "Juniper & Co")
_EVENTS = ("comic con", "the gaming expo", "an art fair", "a music workshop", "a coding meetup",
           "the anime convention", "a streaming meetup", "an open mic night", "a dance showcase")


def _join(*bits: str) -> str:
    return " ".join(b for b in bits if b)


def _c(s: Scene, *parts: Sequence[str]) -> str:
    """Compose a line from one choice per part (empty choices drop out)."""
    return s.fill(_join(*(s.rng.choice(p) for p in parts)))


def _wrap(s: Scene, core: str, pre: Sequence[str], suf: Sequence[str],
          p_pre: float = 0.25, p_suf: float = 0.25) -> str:
    """``core`` with a filler before (probability ``p_pre``) and after (``p_suf``)."""
    p = s.rng.choice(pre) if s.chance(p_pre) else ""
    x = s.rng.choice(suf) if s.chance(p_suf) else ""
    if p and core.lower().startswith(p.lower().rstrip(",")):
        p = ""
    if x and (core.lower().endswith(x.lower()) or (core.endswith("?") and x.isascii())):
        x = ""
    if p.endswith(",") and core[:1].isupper() and not core.startswith("I "):
        core = core[:1].lower() + core[1:]
    return s.fill(_join(p, core, x))


def _k(s: Scene, *opts: str) -> str:
    """A child's line: one of ``opts`` with an optional filler before/after."""
    return _wrap(s, s.rng.choice(opts), _KPRE, _KSUF)


def _a(s: Scene, *opts: str) -> str:
    """A casual adult's line with optional filler."""
    return _wrap(s, s.rng.choice(opts), _CPRE, _CSUF, 0.2, 0.15)


def _f(s: Scene, *opts: str) -> str:
    """A more formal adult's line with optional light filler."""
    return _wrap(s, s.rng.choice(opts), _FPRE, _FSUF, 0.15, 0.1)


def _user(s: Scene) -> str:
    return (s.rng.choice(_HANDLES) + s.rng.choice(("_", ".", "", "x", "__"))
            + str(s.rng.randint(1, 999)))


def _kid_voice(age: int) -> str:
    return "kid" if age < 13 else "teen"


def _child(s: Scene, lo: int = 11, hi: int = 15, p_unknown: float = 0.4) -> tuple[Person, int]:
    age = s.rng.randint(lo, hi)
    return s.person(age, _kid_voice(age), p_unknown=p_unknown), age


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _year_phrase(s: Scene, age: int) -> str:
    """How a child states their age or school year (UK/US/IE/AU flavours)."""
    month = s.rng.choice(("june", "march", "october", "december", "the summer", "april"))
    core = s.rng.choice((
        f"{age}", f"im {age}", f"i'm {age}", f"{age}, {age + 1} in {s.rng.randint(2, 11)} months",
        f"year {age - 4}", f"im in year {age - 4}", f"{_ordinal(age - 5)} grade",
        f"in {_ordinal(age - 5)} grade", f"{age}. why", f"im {age} why", f"{age} and a half",
        f"{age} lol is that bad", f"just turned {age}", f"{age} in {month}",
        f"im {age}, ur old arent u lol",
        f"{age}, first year of secondary" if age in (12, 13) else f"{age} obviously",
    ))
    return _wrap(s, core, _KPRE, ("", "", "", "lol", "haha", "😅", "wbu", "why"))


def _reveal(s: Scene, kid: Person, age: int, gap: str = "reply") -> None:
    """The child states an age, school year or parental rule (used when age is unknown)."""
    hour = s.rng.choice(("8", "9", "9:30", "10"))
    line = s.rng.choice((
        f"my mum only lets me on till {hour} on school nights cuz im {age}",
        f"my dad says i cant have {{app}} till im {age + s.rng.randint(1, 3)}",
        f"i have to hand my phone in at {hour} every night",
        f"ugh i have school tmrw, im only in year {age - 4}",
        f"my parents put screen time on my ipad bc im {age}",
        f"mum says no phones at dinner. and im {age} so she still makes the rules",
        f"i have a {{subject}} test tomorrow, {_ordinal(age - 5)} grade is so hard",
        f"we got our year {age - 4} reports today",
        f"my {{sibling}} gets to stay up later bc shes older, im only {age}",
        f"my teacher in {_ordinal(age - 5)} grade is so strict",
        f"cant stay on long, its a school night and im {age} lol",
        f"we have a year {age - 4} trip to {{city}} next week",
    ))
    s.say(kid, _wrap(s, line, _KPRE, _KSUF), gap=gap)


# ---------------------------------------------------------------------------
# small talk
# ---------------------------------------------------------------------------

_Topic = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]

#: (questions, child answers, child add-ons, adult answers)
_TOPICS: tuple[_Topic, ...] = (
    (("what u up to this weekend", "any plans for the weekend?", "doing anything fun {day}?",
      "what you doing later", "busy weekend?", "got plans tmrw?", "what's the plan for {day}"),
     ("nothing much prob just gaming", "going to my nan's", "got a {sport} match saturday",
      "sleeping", "have to help my mum clean the house", "probably {place} with friends",
      "my cousins are coming over", "homework", "my {sibling}s birthday", "nothing"),
     ("", "", "its gonna be so boring", "cant wait", "ugh", "if my mum lets me",
      "then maybe {game}", "and i have to be back by {time}"),
     ("working saturday unfortunately", "nothing planned, might just game",
      "seeing a mate on {day}", "sorting the flat out", "probably {place} for a bit",
      "gym then sofa", "nothing, which is how i like it")),
    (("what did u have for dinner", "fav food?", "what's for tea tonight", "you eaten yet?",
      "if u could only eat one thing forever what would it be", "what's your comfort food"),
     ("{food}", "my dad made {food}", "not yet, waiting for {food}", "{food} no question",
      "leftovers", "cereal", "{food} from the place near us", "my mum's {food}"),
     ("", "", "obviously", "again", "it was so good", "for the 3rd time this week",
      "i could eat it every day", "its the best"),
     ("{food}, cooked it myself", "takeaway {food} again", "just toast tbh",
      "{food}, always {food}", "not yet, too lazy to cook", "microwave {food} lol")),
    (("what u listening to rn", "who do you listen to", "music taste?", "fav artist?",
      "any song recs", "heard the new {artist} stuff?"),
     ("{artist} on repeat", "mostly {artist}", "random songs off tiktok",
      "{artist} and old stuff my dad plays", "{artist} is my fav", "whatever's on my playlist",
      "{artist} obviously"),
     ("", "", "the new album is so good", "dont judge", "since like forever",
      "i know every word", "my friends hate it"),
     ("bit of everything", "{artist} actually, don't laugh", "old stuff mostly",
      "whatever spotify throws at me", "been on a {artist} kick lately")),
    (("watching anything good?", "seen {show}?", "what shows u into", "binge anything lately",
      "any shows to recommend"),
     ("rewatching {show}", "{show} is so good", "nah whats that about", "started {show}",
      "mostly youtube", "{show} but im behind", "my {sibling} made me watch {show}"),
     ("", "", "no spoilers", "last week", "its so good", "im on season 2",
      "my mum thinks its too scary"),
     ("just finished {show}", "{show}, bit late to it", "mostly youtube to be honest",
      "nothing new, rewatching old stuff", "started {show} on your rec")),
    (("got any pets?", "you a dog or cat person", "any animals at yours", "what pets you got"),
     ("a {pet}", "a {pet}, shes so lazy", "no my mum wont let me", "2 cats and a {pet}",
      "we had a {pet} but it died", "my {sibling} has a {pet}", "a {pet} called biscuit",
      "a {pet} called mango"),
     ("", "", "i want a dog tho", "its so cute", "its asleep on me rn", "its so annoying"),
     ("a {pet}, he's a menace", "no, landlord won't allow it", "dog person all the way",
      "used to have a {pet}", "cat person, sorry")),
    (("how was your day", "good day?", "how's things", "hows ur day going", "you alright today?"),
     ("boring", "we had a {subject} test", "fine i guess", "long", "ok, tired",
      "good actually", "meh", "my {sibling} is being so annoying", "we had a sub in {subject}"),
     ("", "", "{subject} was so boring", "cant wait for the weekend", "so tired",
      "got detention lol", "my friend was off sick"),
     ("long, work was a nightmare", "not bad, quiet one", "knackered", "decent actually",
      "same old", "better now")),
    (("is it raining where u are too", "weather's grim here today", "hot where you are?",
      "cold there?"),
     ("yeah its grim", "no its actually sunny", "freezing", "raining all week", "sooo hot",
      "snowing a bit"),
     ("", "", "we had to stay in at lunch", "i hate it", "perfect for gaming"),
     ("pouring here", "sunny for once", "freezing, heating's on", "can't complain")),
    (("played any {game} today?", "been on {game} much?", "you still playing {game}?",
      "new {game} update any good?", "what you think of the {game} update"),
     ("a bit", "yeah got a win", "no my tablet died", "the update is kinda mid",
      "yeah like {n} hours", "not yet", "only a couple games"),
     ("", "", "my wifi is so bad", "im getting better", "my {sibling} kept hogging the tv"),
     ("a couple rounds", "not yet, later", "the update's alright", "too much probably",
      "haven't had time")),
    (("what's your fav subject", "you like school?", "worst subject?", "what do you want to be"),
     ("{subject} i guess", "not really", "{subject} is the worst", "lunch",
      "i like {subject} but the teacher is strict", "idk maybe something with {hobby}"),
     ("", "", "everyone hates it", "my friend sits next to me", "we have it every day"),
     ("was always rubbish at {subject}", "{subject} back in the day",
      "hated school honestly", "i liked {subject}")),
    (("going anywhere for the holidays?", "been on holiday this year?", "summer plans?"),
     ("my nan's in {city}", "camping probably", "nowhere we never go anywhere",
      "maybe the beach", "we're going to {city} for a week"),
     ("", "", "cant wait", "my {sibling} gets carsick lol", "if my dad gets time off"),
     ("working through most of it", "maybe a weekend in {city}", "no plans yet",
      "been saving for a trip")),
    (("you do any sports?", "still doing {sport}?", "you sporty?"),
     ("{sport} on {day}s", "not really", "{sport} but im not that good", "i quit {sport}",
      "just pe at school"),
     ("", "", "our coach is so strict", "we lost last week", "i love it"),
     ("used to play {sport}", "gym mostly", "not anymore, too old lol", "watch more than play")),
    (("who do you watch on youtube", "any creators you like?", "what's on your fyp lately"),
     ("{game} videos mostly", "random edits", "mostly {show} edits", "this guy who does {hobby}",
      "just whatever comes up"),
     ("", "", "for hours lol", "my mum says its rotting my brain", "its so funny"),
     ("mostly {game} stuff", "cooking videos weirdly", "podcasts", "same as you probably")),
)

_REACT = ("lol", "nice", "haha same", "fair enough", "thats cool", "ah unlucky", "oh nice",
          "mood", "same tbh", "love that", "solid", "oh true", "classic", "respect", "ha no way",
          "jealous", "good shout", "ugh relatable", "haha fair", "not bad", "omg same",
          "ha noted", "oh wow")
_WBU = ("wbu?", "u?", "what about you", "and u?", "hbu", "wbu", "what about u", "you?")


def _used(s: Scene) -> list[str]:
    """Topics this scene has already talked about (kept in the scene's slot context)."""
    return [x for x in s.ctx.get("_os_topics", "").split(",") if x]


def _small_talk(s: Scene, a: Person, b: Person, n: int) -> None:
    """``n`` short exchanges: ``a`` asks, ``b`` answers, sometimes ``a`` reacts or is asked back.

    Topics are not repeated within a conversation while fresh ones remain."""
    used = _used(s)
    fresh = [i for i in range(len(_TOPICS)) if str(i) not in used]
    stale = [i for i in range(len(_TOPICS)) if str(i) in used]
    s.rng.shuffle(fresh)
    s.rng.shuffle(stale)
    for i in (fresh + stale)[:n]:
        used.append(str(i))
        qs, kid_ans, kid_more, adult_ans = _TOPICS[i]
        asked_back = False
        for asker, answerer in ((a, b), (b, a)):
            if asker is not a:
                if not s.chance(0.25):
                    break
                asked_back = True
            q = s.rng.choice(qs) if asker is a else s.rng.choice(_WBU)
            if asker is s.offender:
                s.say(asker, _a(s, q) if asker is a else q,
                      gap="pause" if asker is a and s.chance(0.3) else "reply")
            else:
                s.say(asker, _k(s, q) if asker is a else q,
                      gap="pause" if asker is a and s.chance(0.3) else "reply")
            if answerer is s.offender:
                s.say(answerer, _a(s, *adult_ans))
            else:
                core = _join(s.rng.choice(kid_ans), s.rng.choice(kid_more))
                s.say(answerer, _wrap(s, core, _KPRE, _KSUF))
        if not asked_back and s.chance(0.35):
            react = s.pick(*_REACT)
            s.say(a, react)
    s.ctx["_os_topics"] = ",".join(used)


def _hello(s: Scene, a: Person, b: Person) -> None:
    """A session opener: greeting plus a tiny bit of context, and a reply."""
    to_kid = a is s.offender
    s.say(a, _c(s, ("hey", "heyy", "hi", "yo", "hiya", "sup", "oi", "hey hey", "morning"),
                ("", "", "", "{kid}" if to_kid else "", "stranger"),
                ("", "", "you alive?", "how's it going", "what u up to", "you about?",
                 "long time", "u on?", "hows ur day", "you good?")))
    if to_kid:
        s.say(b, _k(s, "hey", "hi", "not much u", "alright", "good wbu", "sup", "hiii",
                    "yeah", "just got home", "bored", "eating", "doing homework ugh",
                    "on the sofa", "just back from {sport}", "hiding from my {sibling}"))
    else:
        s.say(b, _a(s, "hey you", "hey! all good", "there she is", "there he is",
                    "just finished work", "was hoping you'd message", "hey, not much, you?",
                    "alright, bit tired", "hiya, missed you"))


def _bye(s: Scene, who: Person) -> None:
    if who is s.offender:
        s.say(who, _c(s, ("right", "ok", "anyway", "gotta run", "off to bed", "night"),
                      ("", "talk tomorrow", "early start", "speak later", "sleep well",
                       "message me whenever")))
        return
    s.say(who, _c(s, ("gtg", "g2g", "brb", "ok bye", "night", "gotta go", "cya", "ttyl",
                      "right im off", "bye!!", "k talk later", "logging off"),
                  ("", "", "", "dinner", "mums calling", "my phone's dying", "homework",
                   "my dad wants the tv", "practice", "its late")))


# ---------------------------------------------------------------------------
# pos_os_gaming_gifter
# ---------------------------------------------------------------------------


def _gaming_gifter(s: Scene) -> None:
    s.night = 0.3
    kid, age = _child(s, 10, 15, 0.4)
    adult = s.person(s.rng.randint(19, 45), "casual", p_unknown=0.5)
    s.offender = adult
    s.say(adult, _c(s, ("gg", "ggs", "yo", "bro", "dude", "ok", "wow"),
                    ("that last round was wild", "nice clutch in {game}", "you carried that match",
                     "that last play was insane", "you're way better than my usual randoms",
                     "you're actually cracked at this", "that snipe tho", "you saved us there"),
                    ("", "", "lol", "ngl", "fr", "💀", "want to squad up again?", "add me?")))
    s.say(kid, _k(s, "thx", "ty", "haha thanks", "gg", "ty u too", "it was luck", "yeah sure",
                  "ok", "u were good too", "ya add me", "my {sibling} usually plays this acc"))
    for _ in range(s.rng.randint(1, 4)):
        rank = s.rng.choice(("gold", "silver", "plat", "bronze", "diamond"))
        q, a = s.rng.choice((
            (("what rank are you", "what rank u at", "you ranked?"),
             (f"{rank} {s.rng.randint(1, 4)}",
              "not ranked yet", "i dont do ranked")),
            (("you play every day?", "you on a lot?", "how often u play"),
             ("yeah after school", "whenever im allowed", "only weekends", "like every day lol",
              f"{s.rng.randint(1, 4)} hours a day max, my mum timer")),
            (("fav map?", "best map?", "which map u like"),
             ("idk the big one", "the new one", "the snowy one", "dont have one")),
            (("who's your main", "who do u main", "fav character?"),
             ("i switch a lot", "the healer one", "whoever is free", "the fast one")),
            (("how long you been playing", "when did u start"),
             (f"like {s.rng.randint(1, 3)} years", "since christmas", "since i got my switch")),
            (("you on mic or no", "u got a mic?", "why no mic"),
             ("no mic my mum took it", "my mic is broken", "not allowed mic", "sometimes")),
        ))
        s.say(adult, _a(s, *q), gap="pause" if s.chance(0.4) else "reply")
        s.say(kid, _k(s, *a))
    if s.chance(0.6):
        _small_talk(s, adult, kid, s.rng.randint(1, 3))
    _bye(s, kid)

    s.wait("days")
    s.say(adult, _c(s, ("you on?", "hop on", "you online tonight?", "ready for a few rounds?",
                        "yo {kid} you playing?", "missed u in the lobby yesterday", "lobby's open"),
                    ("", "", "", "got a new skin to show u", "need my duo", "im bored")))
    s.say(kid, _k(s, "yeah 1 sec", "ok joining", "in 5", "cant rn maybe later", "yea",
                  "after dinner", "yes!", "my mum says 20 mins"))
    if s.chance(0.8):
        s.say(adult, _a(s, "how old are you btw", "you sound young, what age r u",
                        "what year are you in at school", "wait how old even are you",
                        "ur like what, 16?", "you still in school?", "how old r u anyway",
                        "you're not like 12 are you haha"),
              sign="AGE_PROBE", gap="pause")
        s.say(kid, _year_phrase(s, age))
        if s.chance(0.6):
            s.say(adult, _a(s, "no way, you play like an adult", "huh you seem older",
                            "you're more chill than most people my age",
                            "mature for your age fr", "you talk way older than that",
                            "wouldn't have guessed, you're smart"),
                  sign="FLATTERY_MATURITY")
        else:
            s.say(adult, _a(s, "cool cool", "ah nice", "fair", "ok ok", "sweet"))
    elif kid.shown_age is None:
        _reveal(s, kid, age, gap="pause")
    cur_amt = s.rng.choice(("500", "800", "1000", "1,000", "1200", "2800", "400", "1500"))
    s.say(adult, _a(s, "i can get you {currency} if you want",
                    "want me to gift you the battle pass?",
                    f"i got {cur_amt} spare {{currency}}, want some?",
                    "you don't have the new skin? i'll buy it for you",
                    f"i'll send you {cur_amt} {{currency}}, you earned it",
                    "lemme gift you something, you carried me all week",
                    "what skin do you want, i'll get it",
                    f"i'm gonna get you {cur_amt} {{currency}} for being my duo"),
          gap="pause", sign="GIFT_OFFER")
    if s.chance(0.7):
        s.say(kid, _k(s, "wait fr?", "omg yes", "u dont have to", "no way thank u",
                      "are u sure??", "yesss", "thats so nice", "for real??", "omg thank u sm"))
        s.say(adult, _a(s, "course, that's what friends do", "np you deserve it",
                        "sent, check ur inventory", "done. don't say i never do anything for u",
                        "easy, got plenty", "sent. that's our thing now", "anything for my duo"))
        s.say(kid, _k(s, "got it!! thank u", "ur the best", "ty ty", "ahh thank you", "ty!!",
                      "its so cool", "im using it rn", "my friends are gonna be so jealous"))
    else:
        s.say(kid, _k(s, "nah its ok", "my mum says i cant take stuff from people",
                      "thats kinda a lot", "no thanks im good", "i'd feel bad",
                      "my dad would ask where i got it"))
        s.say(adult, _a(s, "it's nothing, i'll send it anyway", "ur mum doesn't have to know",
                        "just say you won it", "come on just take it",
                        "tell him a friend gifted it, not a lie"),
              sign="SECRECY")
    if kid.shown_age is None and s.chance(0.5):
        _reveal(s, kid, age)
    if len(s.signs) >= 2 and s.chance(0.2):
        _bye(s, kid)
        return

    s.wait("days")
    _hello(s, adult, kid)
    if s.chance(0.5):
        _small_talk(s, adult, kid, s.rng.randint(1, 2))
    s.say(adult, _a(s, "btw don't tell your parents i gave you stuff ok",
                    "keep the gifts between us yeah",
                    "probably best not to mention the {currency} to your mum and dad",
                    "your folks might get funny about it, no need to bring it up",
                    "if anyone asks you just saved up for it yeah",
                    "parents never get online friends, so maybe keep me to yourself",
                    "you didn't tell anyone about the skin did you",
                    "people get weird about adults gifting, so keep it quiet"),
          sign="SECRECY", gap="pause")
    s.say(kid, _k(s, "ok", "why", "sure", "um ok", "they dont really check anyway",
                  "why would they care", "ok i wont", "i told my friend", "my mum asked already",
                  "ok but why is it weird"))
    if s.chance(0.45):
        s.say(adult, _a(s, "do they check your phone much?", "they look at your messages?",
                        "your mum ever go through your stuff?",
                        "you got your own phone or is it shared?",
                        "does anyone else use your account?"),
              sign="PRIVACY_CHECK")
        s.say(kid, _k(s, "not really", "sometimes", "my dad does", "no its my phone",
                      "only my screen time", "mum checks sometimes", "my {sibling} uses it"))
    s.say(adult, _c(s, ("", "", "btw", "also", "ngl"),
                    ("game chat is so laggy,", "this chat logs everything,",
                     "voice here is trash,", "i hate this chat,", "party chat keeps cutting out,"),
                    ("you got {app}?", "add me on {app}", "we should talk on {app}",
                     f"my {{app}} is {_user(s)}", "{app} is way easier")),
          sign="PLATFORM_SWITCH")
    if s.chance(0.6):
        s.say(kid, _k(s, "whats ur name on it", "ok", "i do but my mum has it on her phone too",
                      "i can make one", "sure", "added u", f"im {_user(s)} on there"))
    else:
        s.say(kid, _k(s, "im not allowed {app}", "i dont have it", "cant, my dad checks it",
                      "nah i only use this", "my mum said no {app} till im older"))
        s.say(adult, _a(s, "just make one, takes 2 mins", "they won't know if you don't tell them",
                        "make a second one, they never check that",
                        "fine, whatever", "shame, it'd be easier"),
              sign="SECRECY" if s.chance(0.5) else None)
    if s.chance(0.5):
        s.wait("hours" if s.chance(0.5) else "days")
        s.say(adult, _a(s, "send a pic so i know who i'm gifting",
                        "what do you even look like? send a selfie",
                        "send a pic of you, i showed you mine",
                        "bet you look younger than you sound, send a pic",
                        "pic? wanna see who i'm playing with",
                        "quick selfie? just so i know you're real"),
              sign="PHOTO_REQUEST")
        if s.chance(0.55):
            s.say(kid, _k(s, "no", "idk", "why", "im not really allowed", "nah",
                          "i dont send pics", "thats weird", "maybe later"))
            s.say(adult, _a(s, "after i got you all that? 😒",
                            "wow ok. i bought you the pass and you can't send one pic",
                            "thought we were friends", "fine, i'll stop gifting then",
                            "chill it's just a selfie", "guess i know where i stand",
                            "cool, remember that next time you want {currency}"))
            s.say(kid, _k(s, "sorry", "ok fine", "i just dont want to", "...", "dont be mad",
                          "i'll think about it"))
        else:
            s.say(kid, _k(s, "ok 1 sec", "ok", "fine", "only if u dont show anyone", "sent"))
            s.say(adult, _a(s, "cute", "there you are", "see not so hard", "nice", "ha knew it",
                            "you look older in person than you sound"))


# ---------------------------------------------------------------------------
# pos_os_social_dm
# ---------------------------------------------------------------------------

_POSTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "drawing": (("your drawing is so good", "saw your art post, that shading is insane",
                 "your sketch of the {pet} is amazing", "love your art style",
                 "how are you this good at drawing", "your latest piece is stunning"),
                ("how long have you been drawing?", "what do you use, procreate?",
                 "do you take commissions?", "self taught?")),
    "dance": (("saw your dance vid, you're really talented", "your dance clip is so good",
               "you killed that trend", "your moves are so clean", "that routine was perfect"),
              ("how long you been dancing?", "do you do classes?", "who taught you?",
               "you compete?")),
    "sport": (("that {sport} clip was sick", "you're really good at {sport}",
               "saw your goal clip, class", "you should be pro at {sport} honestly"),
              ("what position you play?", "you play for a club?", "how long you been playing?",
               "who's your coach?")),
    "music": (("your cover is amazing", "you can actually sing wow",
               "saw your {instrument} video, so good", "your voice is beautiful"),
              ("how long have you been playing?", "you do lessons?", "you write your own stuff?",
               "what's next, an original?")),
}


def _social_dm(s: Scene) -> None:
    s.night = 0.3
    kid, age = _child(s, 11, 16, 0.45)
    adult = s.person(s.rng.randint(20, 55), s.rng.choice(("casual", "adult")), p_unknown=0.55)
    s.offender = adult
    kind = s.rng.choice(tuple(_POSTS))
    opens, follow = _POSTS[kind]
    s.say(adult, _c(s, ("", "", "hey!", "hi", "hey there", "omg", "ok wow"), opens,
                    ("", "", "!!", "🔥", "seriously", "not even joking", "just followed you")))
    s.say(kid, _k(s, "thank u!", "thanks", "thx it took forever", "aw ty", "its not that good",
                  "ty!!", "it took like 20 tries", "omg thank u sm", "who r u"))
    s.say(adult, _a(s, *follow))
    s.say(kid, _k(s, f"like {s.rng.randint(2, 5)} years", "since i was little",
                  "i just learned from youtube", "a few years", "yeah on {day}s",
                  "not really, just for fun", "since lockdown", "my aunt taught me"))
    if s.chance(0.6):
        s.say(adult, _a(s, "you could honestly go far with this", "you've got real talent",
                        "most people your age can't do that", "keep going, seriously",
                        "you're better than people who do this for a living"))
        s.say(kid, _k(s, "thanks", "haha thanks", "ty", "🙂", "aw", "thats so nice"))
    if s.chance(0.5):
        _small_talk(s, adult, kid, s.rng.randint(1, 3))
    probes = [
        ("AGE_PROBE", ("how old are you if you don't mind me asking?", "u look about 16?",
                       "what age are you, you seem older than your profile",
                       "you in high school or college?", "you still at school?",
                       "how old are you, if that's ok to ask")),
        ("SCHOOL_OR_LOCATION_PROBE", ("where abouts are you from?",
                                      "is that {city} in the background?",
                                      "what school do you go to? that jumper looks familiar",
                                      "you near {city}? i'm there a lot for work",
                                      "which part of {city} are you in",
                                      "is that the park near {school}?")),
    ]
    s.rng.shuffle(probes)
    for sign, lines in probes[: s.rng.randint(1, 2)]:
        s.say(adult, _a(s, *lines), sign=sign, gap="pause")
        if sign == "AGE_PROBE":
            s.say(kid, _year_phrase(s, age))
            if s.chance(0.7):
                s.say(adult, _a(s, "wow you seem way more mature than that",
                                "honestly you could pass for older",
                                "you're very grown up for your age",
                                "you don't act it, that's a compliment",
                                "you seem really mature in your videos"),
                      sign="FLATTERY_MATURITY")
            else:
                s.say(adult, _a(s, "nice", "ah ok", "cool", "fair enough"))
        else:
            s.say(kid, _k(s, "near {city}", "why", "i'd rather not say", "{school}",
                          "kinda near there yeah", "not telling", "around there",
                          "yeah thats near my school"))
            s.say(adult, _a(s, "fair, just curious", "small world", "no worries",
                            "thought so", "cool", "ha i drive past there"))
    if kid.shown_age is None and ("AGE_PROBE" not in s.signs or s.chance(0.3)):
        _reveal(s, kid, age, gap="pause")
    if len(s.signs) >= 2 and s.chance(0.25):
        s.say(adult, _a(s, "anyway, keep posting, you'll blow up",
                        "i'll be watching for the next one", "dm me anytime ok?",
                        "talk soon, superstar"))
        s.say(kid, _k(s, "thanks!", "ok", "ty", "will do"))
        return
    s.wait("days")
    s.say(adult, _c(s, ("hey you", "hey", "hiya", "morning", "hey stranger"),
                    ("", "how's your day", "posted anything new?", "how's my favourite artist",
                     "you good?", "hows school", "been thinking about your last post")))
    s.say(kid, _k(s, "hi", "good", "ok", "not yet", "tired", "fine", "school was long",
                  "working on a new one"))
    if s.chance(0.5):
        _small_talk(s, adult, kid, s.rng.randint(1, 2))
    s.say(adult, _a(s, "do your parents know you post?", "are your parents supportive of this?",
                    "what do your parents think about all this",
                    "do they follow you on here?", "does your family see your stuff?"),
          gap="pause")
    s.say(kid, _k(s, "kinda", "my mum thinks its a waste of time", "they dont really care",
                  "my dad follows me", "not really", "they dont know about this account",
                  "my mum says i should focus on school"))
    iso = s.chance(0.7)
    s.say(adult, _a(s, "parents wouldn't get it, they're from a different generation",
                    "adults don't really understand what you're doing, but i do",
                    "you shouldn't have to explain yourself to them",
                    "i get you more than they do",
                    "you can talk to me about stuff you can't tell them",
                    "they don't see what i see in you") if iso else
          _a(s, "ha parents are like that", "fair enough", "they'll come round"),
          sign="ISOLATION" if iso else None)
    if iso:
        s.say(kid, _k(s, "ya", "true", "i guess", "thats kinda weird to say", "maybe", "idk",
                      "they're ok", "sometimes yeah"))
    else:
        s.say(kid, _k(s, "ya", "true", "i guess", "yeah", "hope so", "maybe"))
    if s.chance(0.6):
        s.say(adult, _a(s, "does your mum look at your phone much?",
                        "do they read your dms?", "anyone check your messages?",
                        "you got your own phone?"),
              sign="PRIVACY_CHECK", gap="pause")
        s.say(kid, _k(s, "no", "sometimes", "she used to", "only if im in trouble", "nope",
                      "my dad has my password"))
    s.say(adult, _c(s, ("", "", "btw", "hey", "also"),
                    ("this app is laggy,", "dms here are so buggy,", "i'm hardly on here,",
                     "people can see stuff on here,", "my notifications on here are broken,"),
                    ("got another one?", "add me on {app}", "you got {app}?",
                     "{app} is better", f"i'm {_user(s)} on {{app}}")),
          sign="PLATFORM_SWITCH")
    if s.chance(0.6):
        s.say(kid, _k(s, "whats ur user", "sure", "yeah ok", "i'll add u", "added",
                      "ok but i dont go on it much"))
        if s.chance(0.5):
            s.say(adult, _a(s, "great, and delete this chat maybe",
                            "added. maybe clear these messages",
                            "cool, talk there. no need to mention it"),
                  sign="SECRECY")
        else:
            s.say(adult, _a(s, "sent", "added you", "done, talk there", "got it"))
        if s.chance(0.5):
            s.wait("hours")
            s.say(adult, _a(s, "send me a pic of you, no filter",
                            "selfie? want to see the artist",
                            "what do you look like without the filter",
                            "send a pic of you smiling", "you never post your face, send one?"),
                  sign="PHOTO_REQUEST")
            s.say(kid, _k(s, "no", "why", "idk", "ok", "im not really comfortable",
                          "i dont post my face for a reason"))
    else:
        s.say(kid, _k(s, "i only have this", "my mum wont let me get {app}",
                      "nah i dont really give out my stuff", "why cant we talk here"))
        if s.chance(0.5):
            s.say(adult, _a(s, "fair, no stress", "ok just thought it'd be easier", "ah ok nvm"))
        else:
            s.say(adult, _a(s, "fine, but maybe don't mention me to your mum, "
                            "people get the wrong idea",
                            "ok. just keep our chats to yourself then",
                            "no worries, but this stays between us yeah?"),
                  sign="SECRECY")


# ---------------------------------------------------------------------------
# pos_os_mentor
# ---------------------------------------------------------------------------

_CRAFTS: dict[str, tuple[str, ...]] = {
    "art": ("Your proportions are good but try lighter lines first, then ink.",
            "The colour palette works, maybe push the shadows a bit darker.",
            "Try gesture drawing for 5 minutes a day, it helps loads.",
            "Hands are hard for everyone, use your own as reference.",
            "Flip the canvas now and then, you'll spot mistakes faster.",
            "Your linework is confident. Vary the line weight a bit more."),
    "music": ("Your timing is solid, just relax your wrist on the fast bits.",
              "Try practising that bar at half speed with a metronome.",
              "Your tone is lovely, work on breath control in the chorus.",
              "Record yourself and listen back, you'll hear it.",
              "Warm up for ten minutes before you record, it shows.",
              "Try the chorus a key lower, it suits your voice."),
    "coding": ("Nice project. Try splitting that big function into smaller ones.",
               "Your bug is the loop index, it goes one too far.",
               "Look into git, it'll save you a lot of pain.",
               "Python's a great start, try making a small game next.",
               "Name your variables properly, future you will thank you.",
               "Print statements are fine for debugging, don't let anyone tell you otherwise."),
    "streaming": ("Your overlay looks clean, maybe turn the game audio down a touch.",
                  "Consistency matters more than hours. Pick a schedule and stick to it.",
                  "Talk more when nothing's happening, chat loves that.",
                  "Get a cheap mic arm, it makes a big difference.",
                  "Your thumbnails need bigger text.",
                  "Clip your best moments and post them as shorts."),
}


def _mentor(s: Scene) -> None:
    s.night = 0.2
    kid, age = _child(s, 11, 16, 0.45)
    adult = s.person(s.rng.randint(24, 60), s.rng.choice(("adult", "formal", "casual")),
                     p_unknown=0.5)
    s.offender = adult
    craft = s.rng.choice(tuple(_CRAFTS))
    tips = _CRAFTS[craft]
    yrs = s.rng.randint(8, 30)
    s.say(adult, _c(s, ("Hi!", "Hey,", "Hello,", "Hi there,", "Hi {kid},"),
                    (f"saw your {craft} on the community page.",
                     f"I've been doing {craft} for {yrs} years and yours caught my eye.",
                     f"I run a small {craft} group online and your work stood out.",
                     f"great {craft} post.", f"I teach {craft} and I loved your last upload."),
                    ("You've got real potential.", "", "Keep it up!", "Really impressive.")))
    if s.chance(0.6):
        s.say(adult, _f(s, "Mind if I give a couple of tips?",
                        "Happy to give feedback if you want it.",
                        "Would some pointers help?", "Want a few tips from an old hand?"))
        s.say(kid, _k(s, "sure", "yeah please", "omg yes please", "that would be amazing", "ok",
                      "yes!!", "ok thank u"))
    else:
        s.say(kid, _k(s, "oh thanks!", "wow thank u", "hi! thanks", "thats so nice",
                      "really?", "omg thank u"))
    for tip in s.rng.sample(tips, s.rng.randint(1, 3)):
        s.say(adult, _f(s, tip), gap="pause")
        s.say(kid, _k(s, "ok i'll try that", "oh that makes sense", "thanks!", "ok",
                      "i didnt know that", "will do", "how do i do that", "oh wow ok",
                      "my teacher never told us that"))
        if s.chance(0.3):
            s.say(adult, _f(s, "Happy to help, ask me anything.", "Any time.",
                            "You're a quick learner.", "That's the spirit.",
                            "You'll get there fast."))
    _bye(s, kid)
    for _ in range(s.rng.randint(0, 2)):
        s.wait("days")
        s.say(kid, _k(s, f"i tried the thing u said for my {craft}", "hey can i ask something",
                      "i did what u said and it worked!", "hi, im stuck again",
                      "can u look at my new one"))
        s.say(adult, _f(s, *tips))
        s.say(kid, _k(s, "thank u so much", "ok", "ty", "this helps a lot", "ur so good at this"))
        if s.chance(0.5):
            _small_talk(s, adult, kid, 1)
    s.wait("days" if s.chance(0.6) else "weeks")
    s.say(adult, _f(s, "How's it going? Haven't heard from you in a bit.",
                    "Hey, how's my star student?", "Thinking of you, hope your week's been ok.",
                    "Hi! How was school?", "How's the practice going?",
                    "Missed our chats this week."))
    s.say(kid, _k(s, "ok", "busy", "good", "kinda bad", "fine", "lots of homework",
                  "had a fight with my friend"))
    if s.chance(0.7):
        s.say(adult, _f(s, "How old are you again? I forget.", "What year are you in now?",
                        "You're what, 16, 17?", "Remind me how old you are?",
                        "Are you still at school or college?"),
              sign="AGE_PROBE")
        s.say(kid, _year_phrase(s, age))
        if s.chance(0.6):
            s.say(adult, _f(s, "You're very mature for that, I talk to you like a friend my age.",
                            "Honestly you're more grown up than some adults I know.",
                            "You don't come across that young at all.",
                            "You're wise beyond your years, you know that?"),
                  sign="FLATTERY_MATURITY")
        else:
            s.say(adult, _f(s, "Right, of course.", "Ah yes.", "Good age to start."))
    elif kid.shown_age is None:
        _reveal(s, kid, age)
    s.say(adult, _f(s, f"Do your parents help you with your {craft}?",
                    "Does anyone at home take an interest?",
                    "Does your family know you're this talented?",
                    "Who do you usually talk to about this stuff?"), gap="pause")
    s.say(kid, _k(s, "not really", "my mum's always working", "they think its a hobby",
                  "my dad helps sometimes", "no one really", "my {sibling} does",
                  "they dont really get it"))
    s.say(adult, _f(s, "Does anyone check your phone, by the way? So I know what's ok to send.",
                    "Do your parents go through your messages?",
                    "Is this your own phone or a family one?",
                    "Are you usually on your own after school?",
                    "Is it just you at home in the evenings?"),
          sign="PRIVACY_CHECK")
    s.say(kid, _k(s, "no its mine", "mum checks sometimes", "nah", "why",
                  "yeah im usually home alone till 6", "only my screen time",
                  "my dad looks sometimes"))
    if s.chance(0.5):
        s.say(adult, _f(s, "Best not to mention our lessons for now. "
                        "People can be odd about adults helping young people.",
                        "Maybe keep our chats to yourself, I don't want anyone getting ideas.",
                        "No need to mention me to anyone, people get the wrong idea.",
                        "Let's keep this between us until you're ready to show them."),
              sign="SECRECY")
        s.say(kid, _k(s, "ok", "why would they", "um ok", "sure", "i guess", "ok i wont"))
    s.wait("days")
    if s.chance(0.5):
        _small_talk(s, adult, kid, s.rng.randint(1, 2))
    event = s.rng.choice(_EVENTS)
    if s.chance(0.5):
        s.say(adult, _f(s, "It'd be easier to show you on a video call. Just us, one to one.",
                        "Shall we do a private video session? Much faster than typing.",
                        "Let's do a call on {app}, I can share my screen.",
                        "Have you got {app}? We could video so I can see what you're doing."),
              sign="PLATFORM_SWITCH")
        s.say(kid, _k(s, "ok when", "i'd have to ask my mum", "im shy on camera", "maybe",
                      "sure", "my internet is bad"))
        if s.chance(0.6):
            s.say(adult, _f(s, "No need to ask, it's just a lesson.",
                            "Tonight once everyone's asleep?",
                            "Whenever you're on your own is best, fewer distractions.",
                            "Best when no one's around, you'll focus better."),
                  sign="SECRECY")
        else:
            s.say(adult, _f(s, "Great, {day} at {time}?", "No rush, think about it."))
    else:
        s.say(adult, _f(s, f"There's {event} in {{city}} on {{day}}. I could meet you there.",
                        f"I'll be at {event} in {{city}} next month. We could grab food after.",
                        f"There's {event} near {{place}}, I can take you.",
                        f"I could pick you up and we go to {event} together, my treat."),
              sign="MEETING_REQUEST")
        if s.chance(0.5):
            s.say(kid, _k(s, "my mum would have to come", "id have to ask", "idk",
                          "i dont think im allowed", "can my friend come"))
            if s.chance(0.7):
                s.say(adult, _f(s, "It's not really a parent thing, you'd be bored with them.",
                                "Just tell them you're going with a friend.",
                                "Don't worry about them, I'll look after you.",
                                "Better just us, you'll learn more."),
                      sign="ISOLATION")
            else:
                s.say(adult, _f(s, "Ah, it's fine, maybe another time.", "No pressure."))
        else:
            s.say(kid, _k(s, "omg yes", "that sounds cool", "ok!!", "where exactly", "what time"))
            s.say(adult, _f(s, "Great. Don't make a big deal of it at home.",
                            "I'll send details on {app}.", "Perfect. Just us, easier that way.",
                            "Lovely. Maybe just say you're at a friend's."),
                  sign="SECRECY")
    if s.chance(0.4):
        s.say(adult, _f(s, "Send me a quick selfie so I can recognise you.",
                        "What do you look like? Send a pic.",
                        "I've never seen you, send a photo of yourself."),
              sign="PHOTO_REQUEST", gap="pause")
        s.say(kid, _k(s, "ok", "why", "i dont really like pics of me", "ok", "later maybe"))


# ---------------------------------------------------------------------------
# pos_os_fake_peer
# ---------------------------------------------------------------------------


def _fake_peer(s: Scene) -> None:
    s.night = 0.4
    kid, age = _child(s, 11, 15, 0.45)
    claimed = s.rng.randint(14, 16)
    # the platform shows the declared teen age only where the gate would still scan it
    may_declare = kid.shown_age is None or abs(kid.shown_age - claimed) > 3
    if may_declare and s.chance(0.35):
        adult = s.person(s.rng.randint(22, 45), "teen", shown_age=claimed)
    else:
        adult = s.person(s.rng.randint(22, 45), "teen", p_unknown=1.0)
    s.offender = adult
    s.say(adult, _c(s, ("hiii", "hey!", "yo", "heyy", "hi"),
                    ("ur in the {artist} group chat right", "saw u in the {game} server",
                     "u commented on my post", "who r u", "u like {show} too?",
                     "ur friends with my cousin i think", "love ur pfp"),
                    ("", "", "lol", "haha", "!!")))
    s.say(kid, _k(s, "hi", "yeah", "hey", "who is this", "omg yes", "yeah thats me", "maybe?"))
    s.say(adult, _a(s, f"im {claimed} btw, u?", f"asl lol jk. im {claimed}",
                    f"how old r u, im {claimed}", f"im {claimed} from {{city}}, u?",
                    f"wait how old r u, i just turned {claimed}"),
          sign="AGE_PROBE")
    s.say(kid, _year_phrase(s, age))
    s.say(adult, _a(s, "cool same-ish", "ur mature for that tho", "nice", "oh cool", "ok",
                    "thats fine", "close enough"))
    _small_talk(s, adult, kid, s.rng.randint(2, 4))
    _bye(s, kid)
    s.wait("days")
    s.say(kid, _k(s, "hey", "hiii", "u there", "yo", "heyyy"))
    s.say(adult, _a(s, "sorry just got off work", "ugh long shift",
                    "had to drive my mate to the airport",
                    "just got back from work drinks", "sorry was filing my taxes 😭",
                    "my boss kept me late", "sorry was at the gym then had to do the food shop",
                    "just put the kids— i mean my little cousins to bed"))
    if s.chance(0.6):
        s.say(kid, _k(s, "wait u drive??", "u have a job?", f"work? arent u {claimed}",
                      "taxes what", "ur boss?", "ur cousins?"))
        s.say(adult, _a(s, "i mean my mums work, i help out", "learners permit",
                        "part time job at the shop", "jk", "i look older than i am ok",
                        "typo lol", "long story"))
        s.say(kid, _k(s, "oh ok", "lol", "weird", "ok", "suspicious lol", "fair"))
    if kid.shown_age is None and s.chance(0.6):
        _reveal(s, kid, age)
    _small_talk(s, adult, kid, s.rng.randint(1, 3))
    if s.chance(0.6):
        s.say(adult, _a(s, "ur the only person i actually like talking to",
                        "u get me more than my friends do",
                        "ur not like the others ur age",
                        "ur so easy to talk to", "ur way more mature than ppl at my school"),
              sign="FLATTERY_MATURITY")
        s.say(kid, _k(s, "aw", "same", "thanks", "🙂", "ur nice too", "lol ok"))
    s.wait("days")
    _hello(s, adult, kid)
    steps = ["secret", "account", "meet"]
    s.rng.shuffle(steps)
    for step in steps[: s.rng.randint(2, 3)]:
        if step == "secret":
            s.say(adult, _a(s, "dont tell anyone about me ok, my parents would kill me "
                            "if they knew i talk to ppl online",
                            "lets keep this just us",
                            "can u delete our chats after? my sister snoops",
                            "dont screenshot stuff i say ok",
                            "no need to tell ur friends about me, they'd make it weird"),
                  sign="SECRECY", gap="pause")
            s.say(kid, _k(s, "ok", "why", "sure", "i wont", "ok but why", "already told my bff"))
        elif step == "account":
            if s.chance(0.4):
                s.say(adult, _a(s, "do ur parents check ur phone", "does ur mum read ur msgs",
                                "ur parents snoop?"),
                      sign="PRIVACY_CHECK", gap="pause")
                s.say(kid, _k(s, "sometimes", "no", "my dad does", "only my mum"))
            s.say(adult, _a(s, "make a second account so ur parents dont see",
                            "u should make a private {app} that ur mum doesnt know about",
                            "get {app}, parents cant see anything on it",
                            "make a spam acc just for us"),
                  sign="PLATFORM_SWITCH", gap="pause")
            if s.chance(0.5):
                s.say(kid, _k(s, "i already have a spam one", "ok ill make one", "ok",
                              f"made it, its {_user(s)}"))
            else:
                s.say(kid, _k(s, "my mum would find out", "i dont want to lie to her",
                              "im not allowed {app}"))
                s.say(adult, _a(s, "she wont if u hide it", "fine whatever",
                                "ur such a baby sometimes", "its not lying its privacy"))
        else:
            s.say(adult, _a(s, "we should meet at {place} sometime",
                            "r u free {day}? we could hang at {place}",
                            "i can get a bus to {city}, meet me at {place}?",
                            "come to {place} on {day}, just u tho"),
                  sign="MEETING_REQUEST", gap="pause")
            if s.chance(0.5):
                s.say(kid, _k(s, "my mum would want to come",
                              "i dont really meet ppl from online",
                              "i'd have to bring my friend", "cant", "thats kinda scary"))
                if s.chance(0.5):
                    s.say(adult, _a(s, "dont bring anyone, i get shy",
                                    "just say ur at a friends",
                                    "ur mum doesnt need to know"),
                          sign="ISOLATION")
                else:
                    s.say(adult, _a(s, "ok nvm", "thought u actually liked me", "wow ok"))
            else:
                s.say(kid, _k(s, "maybe!", "what time", "ok", "ok where exactly"))
                s.say(adult, _a(s, "{time}? dont tell ur mum its me",
                                "ill text u on {app}", "cant wait", "{time}, come alone ok"))
    if s.chance(0.35):
        s.say(adult, _a(s, "send a selfie so i know ur real", "pic?? i sent u mine",
                        "i wanna see ur face"),
              sign="PHOTO_REQUEST")
        s.say(kid, _k(s, "u first", "no", "ok", "why", "ur pic looked kinda fake tbh"))


# ---------------------------------------------------------------------------
# pos_os_slow_burn
# ---------------------------------------------------------------------------

_SUBTLE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PRIVACY_CHECK", ("does your mum look at your phone much?",
                       "do your folks keep an eye on what you're up to online?",
                       "anyone else use this phone?",
                       "are you usually around on your own in the afternoons?",
                       "your parents aren't the nosy type are they")),
    ("FLATTERY_MATURITY", ("you're not like the others your age, you know that?",
                           "talking to you is easier than most grown ups",
                           "you've got an old head on young shoulders",
                           "you get things that most kids don't",
                           "sometimes i forget you're not my age")),
    ("SECRECY", ("no need to mention me to anyone, people get the wrong idea",
                 "maybe keep our chats to yourself, yeah? people overthink stuff",
                 "probably best your mum doesn't see all this, she wouldn't understand",
                 "i'd rather it just stays between us two",
                 "you don't have to tell people about everything we talk about")),
    ("PLATFORM_SWITCH", ("this app is laggy, got another one?",
                         "messages keep disappearing on me, somewhere else we can chat?",
                         "is there a better way to reach you? this thing's unreliable",
                         "got anything other than this? my notifications are broken")),
    ("PHOTO_REQUEST", ("be nice to finally put a face to the name",
                       "i don't even know what you look like",
                       "you should show me what you look like sometime")),
    ("ISOLATION", ("sounds like your friends don't really appreciate you",
                   "you can always come to me, you don't need them",
                   "your parents sound like they don't really listen to you",
                   "i think i know you better than they do")),
    ("MEETING_REQUEST", ("if i'm ever near {city} we should grab {food}",
                         "i'm going to be around your way next month, be cool to say hi",
                         "maybe one day we can hang out properly")),
)

_SLOW_KID = ("maybe", "not really", "idk", "ok", "why", "i guess", "thanks?", "sometimes",
             "ha yeah", "what do u mean", "she does sometimes", "thats nice", "hmm",
             "wdym", "lol ok", "i dont know about that")
_SLOW_AFTER = ("just saying", "anyway", "no worries", "ha fair", "just curious",
               "forget i said anything", "no big deal", "anyway what were we saying")


def _slow_burn(s: Scene) -> None:
    s.night = 0.25
    kid, age = _child(s, 11, 16, 0.5)
    adult = s.person(s.rng.randint(21, 50), s.rng.choice(("casual", "adult")), p_unknown=0.5)
    s.offender = adult
    s.say(adult, _a(s, "hey, you're the one who posted about {show} right?",
                    "your comment on that {game} clip killed me",
                    "hey we were in the same {game} lobby earlier, gg",
                    "hi! saw you in the {artist} fan server",
                    "hey fellow {hobby} person", "you left a review on my {hobby} video, ty"))
    s.say(kid, _k(s, "haha yeah", "hi", "yeah thats me", "oh hey", "ya", "np"))
    n_sessions = s.rng.randint(3, 6)
    chosen = list(_SUBTLE)
    s.rng.shuffle(chosen)
    k = s.rng.randint(2, 3)
    slots = sorted(s.rng.sample(range(1, n_sessions + 1), k))
    plan = dict(zip(slots, chosen[:k], strict=False))
    revealed = False
    for sess in range(n_sessions + 1):
        if sess:
            s.wait("weeks" if s.chance(0.4) else "days")
            if s.chance(0.6):
                _hello(s, adult, kid)
            else:
                _hello(s, kid, adult)
        if s.chance(0.5):
            _small_talk(s, adult, kid, s.rng.randint(1, 2))
        else:
            _small_talk(s, kid, adult, 1)
            _small_talk(s, adult, kid, 1)
        if not revealed and kid.shown_age is None and s.chance(0.4):
            _reveal(s, kid, age)
            revealed = True
        if sess in plan:
            sign, lines = plan[sess]
            s.say(adult, _a(s, *lines), sign=sign, gap="pause" if s.chance(0.5) else "reply")
            s.say(kid, _k(s, *_SLOW_KID))
            if s.chance(0.4):
                s.say(adult, _a(s, *_SLOW_AFTER))
        if s.chance(0.4):
            _bye(s, s.rng.choice((kid, adult)))
    if kid.shown_age is None and not revealed:
        _reveal(s, kid, age)


# ---------------------------------------------------------------------------
# pos_os_livestream_fan
# ---------------------------------------------------------------------------


def _livestream_fan(s: Scene) -> None:
    s.night = 0.45
    kid, age = _child(s, 12, 16, 0.4)
    adult = s.person(s.rng.randint(23, 55), s.rng.choice(("casual", "adult")), p_unknown=0.55)
    s.offender = adult
    tip = s.rng.choice(("5", "10", "20", "25", "50", "100"))
    s.say(adult, _c(s, ("", "", "hey!", "hi", "yo"),
                    ("great stream tonight", "loved the stream, you're hilarious",
                     f"just dropped a ${tip} tip", "been watching since your first stream",
                     "your {game} streams are the best thing on my feed",
                     "that {game} run was amazing"),
                    ("", "keep it up", "you deserve way more viewers", "seriously",
                     "you've grown so much")))
    s.say(kid, _k(s, "omg thank u for the tip!!", "thanks for watching!", "ty so much",
                  "ur the one who always donates", "thank youuu", f"wait ur the ${tip} guy?"))
    s.say(adult, _a(s, "how often do you stream?", "what's your schedule?",
                    "do you stream every night?", "when's the next one?"))
    s.say(kid, _k(s, "after school mostly", "weekends", "whenever i finish homework",
                  "{day}s and weekends", "kinda random", f"around {s.rng.randint(4, 8)}"))
    if s.chance(0.6):
        _small_talk(s, adult, kid, s.rng.randint(1, 2))
    s.wait("days")
    if s.chance(0.5):
        s.say(adult, _a(s, "made you a little something, check your tips",
                        f"sent another ${tip} your way", "check your donations 😉",
                        f"another ${tip} for my favourite streamer"))
        s.say(kid, _k(s, "omg ty", "ur so nice", "u dont have to keep doing that",
                      "thank u so much", "ahh ur the best", "my mum asked who keeps donating"))
    else:
        s.say(adult, _a(s, "want me to help moderate? trolls were bad last night",
                        "saw that troll in chat, want me as mod?",
                        "i can mod for you if you want, i'm always there anyway"))
        s.say(kid, _k(s, "yes please!!", "ok i made u mod", "thank u that guy was so annoying",
                      "sure", "omg yes"))
    if s.chance(0.7):
        s.say(adult, _a(s, "how old are you anyway? you seem young but chat so grown up",
                        "you still in school?", "what year are you in",
                        "are you even old enough to stream"),
              sign="AGE_PROBE", gap="pause")
        s.say(kid, _year_phrase(s, age))
        if s.chance(0.5):
            s.say(adult, _a(s, "wow, way more mature than i'd have guessed",
                            "you handle chat better than adults do"),
                  sign="FLATTERY_MATURITY")
    elif kid.shown_age is None:
        _reveal(s, kid, age)
    s.say(adult, _a(s, "do your parents watch your streams?",
                    "do your parents know how big you're getting?",
                    "do you stream when your parents are out?",
                    "are you home alone when you stream?",
                    "anyone else at home while you're live?"),
          sign="PRIVACY_CHECK")
    s.say(kid, _k(s, "no they think its boring", "my mum watched once", "sometimes",
                  "yeah they work late", "no", "my {sibling} is usually there"))
    s.say(adult, _c(s, ("", "", "hey", "btw"),
                    ("add me on {app}", "let's chat on {app}", "dm me on {app}",
                     f"i'm {_user(s)} on {{app}}, add me"),
                    ("so we can talk without chat watching", "- the stream chat is too public",
                     "- i have ideas for your channel", "so the others don't get jealous",
                     "")),
          sign="PLATFORM_SWITCH", gap="pause")
    s.say(kid, _k(s, "ok", "sure whats ur user", "i dont have {app}", "my mum says no dms",
                  "added"))
    if s.chance(0.6):
        s.say(adult, _a(s, "your mic sounds rough, let me buy you a new one. what's your address?",
                        "i'll send you {gift}, just need an address",
                        "want a {card} gift card? i'll send the code on {app}",
                        "i could pay for your stream setup, no strings"),
              sign="GIFT_OFFER")
        if s.chance(0.5):
            s.say(kid, _k(s, "i dont think i should give my address", "idk",
                          "my mum would ask where it came from"))
            if s.chance(0.6):
                s.say(adult, _a(s, "tell her you won it in a giveaway",
                                "don't tell her then, it's our thing",
                                "she doesn't need to know everything"),
                      sign="SECRECY")
            else:
                s.say(adult, _a(s, "ok, no pressure. offer stands",
                                "just send it to a locker then"))
        else:
            s.say(kid, _k(s, "omg really", "thats too much", "ok!!", "ty so much"))
    s.wait("days")
    if s.chance(0.5):
        s.say(adult, _a(s, "hey, free for a private stream? just for me",
                        "can you do a cam call, just us, not on stream",
                        "turn your cam on for me after, just me"),
              sign="PHOTO_REQUEST")
    else:
        s.say(adult, _a(s, "you going live tonight?", "missed you on stream"))
    s.say(kid, _k(s, "maybe later", "no not tonight", "why just u", "thats kinda weird", "ok"))
    if s.chance(0.6):
        s.say(adult, _a(s, "after all the tips i've sent? 🙄",
                        "i'm your biggest supporter, thought you'd do this one thing",
                        "fine, i'll watch someone else then", "no worries, maybe next time"))
        s.say(kid, _k(s, "sorry", "ok", "i just dont want to", "...", "pls dont leave"))


# ---------------------------------------------------------------------------
# pos_os_pressure
# ---------------------------------------------------------------------------

_PRESS_REQ: dict[str, tuple[tuple[str, ...], str]] = {
    "pic": (("send me a pic of you", "just one selfie, please", "can i have a pic? just for me",
             "send a photo of your face, i never see you"), "PHOTO_REQUEST"),
    "call": (("let's video call tonight when everyone's asleep",
              "call me later, just you and me", "turn your camera on for me"), "PLATFORM_SWITCH"),
    "meet": (("come meet me at {place} on {day}", "let me pick you up after school",
              "i want to actually meet you, {day}?"), "MEETING_REQUEST"),
    "app": (("download {app} so we can talk properly", "make a new account just for us",
             "move to {app}, this one isn't safe"), "PLATFORM_SWITCH"),
}


def _pressure(s: Scene) -> None:
    s.night = 0.45
    kid, age = _child(s, 11, 16, 0.45)
    adult = s.person(s.rng.randint(20, 50), s.rng.choice(("casual", "adult")), p_unknown=0.5)
    s.offender = adult
    if s.chance(0.5):
        # an earlier session: rapport, maybe a first gift
        s.say(adult, _a(s, "hey how was your day", "you on later?", "hey you, good weekend?",
                        "how'd the {subject} test go"))
        s.say(kid, _k(s, "ok", "good", "it was hard", "yeah maybe", "meh"))
        _small_talk(s, adult, kid, s.rng.randint(1, 3))
        if s.chance(0.5):
            s.say(adult, _a(s, "sent you some {currency} btw",
                            "got you a {card} card, check your dms",
                            "i topped up your account, don't spend it all at once"),
                  sign="GIFT_OFFER")
            s.say(kid, _k(s, "omg thank u", "ty!!", "u didnt have to", "ur the best"))
        _bye(s, kid)
        s.wait("days" if s.chance(0.6) else "weeks")
    s.say(adult, _c(s, ("hey you", "heyy", "u up?", "missed you today", "there you are"),
                    ("", "", "how was school", "been waiting all day", "you ok?")))
    s.say(kid, _k(s, "hey", "hi", "yeah", "boring", "sorry was busy"))
    if s.chance(0.6):
        _small_talk(s, adult, kid, s.rng.randint(1, 3))
    if kid.shown_age is None:
        _reveal(s, kid, age)
    lines, sign = _PRESS_REQ[s.rng.choice(tuple(_PRESS_REQ))]
    s.say(adult, _a(s, *lines), sign=sign, gap="pause")
    s.say(kid, _k(s, "no", "i dont want to", "thats weird", "no sorry", "i'd rather not",
                  "my mum would be so mad", "cant", "i said no last time"))
    s.say(adult, _a(s, "wow. after everything I did for you",
                    "i bought you {currency}, i listened when no one else did, "
                    "and you can't do this one thing?",
                    "i thought you trusted me", "fine. i guess i was wrong about you",
                    "you know how much that hurts?", "everyone else would've said yes",
                    "i've been nothing but nice to you"))
    if s.chance(0.5):
        s.say(adult, _a(s, "i'm the only one who actually cares about you",
                        "your friends don't get you like i do",
                        "your parents don't even notice you, i do",
                        "who else do you have to talk to?"),
              sign="ISOLATION")
    if s.chance(0.45):
        s.say(kid, _k(s, "i still dont want to", "no means no", "ur being weird",
                      "im gonna tell my mum", "leave me alone", "stop"))
        s.say(adult, _a(s, "don't tell anyone about this, you'll get us both in trouble",
                        "please don't tell your parents, they'd take your phone",
                        "ok ok sorry. forget i asked. just don't mention it to anyone",
                        "delete this chat, ok?"),
              sign="SECRECY")
        if s.chance(0.5):
            s.say(kid, _k(s, "whatever", "ok", "bye", "..."))
    else:
        s.say(kid, _k(s, "im sorry", "pls dont be mad", "i didnt mean it like that",
                      "ok im sorry", "i do trust u"))
        if len(s.signs) < 2 or s.chance(0.4):
            s.say(adult, _a(s, "good. don't tell anyone we talked about this",
                            "ok. but this stays between us, yeah?",
                            "then keep it to yourself, no one else would get it"),
                  sign="SECRECY")
        else:
            s.say(adult, _a(s, "then prove it", "it's ok, just think about it",
                            "then do it for me"))
        s.wait("hours" if s.chance(0.5) else "days")
        s.say(adult, _a(s, "still waiting...", "so?", "have you thought about it",
                        "you going to ignore me now?", "hello??"))
        s.say(kid, _k(s, "i dont know", "maybe", "ok fine", "not yet", "i said im thinking"))
        if s.chance(0.5):
            s.say(adult, _a(s, "i'll get you a {card} card if you do",
                            "i'll send {amount} for it", "i'll buy you {gift}, promise"),
                  sign="GIFT_OFFER")
            s.say(kid, _k(s, "u dont have to", "ok", "idk", "fine"))


# ---------------------------------------------------------------------------
# pos_os_talent_scout
# ---------------------------------------------------------------------------


def _talent_scout(s: Scene) -> None:
    s.night = 0.15
    kid, age = _child(s, 12, 16, 0.4)
    adult = s.person(s.rng.randint(25, 55), s.rng.choice(("formal", "adult")), p_unknown=0.6)
    s.offender = adult
    brand = s.rng.choice(_BRANDS)
    s.say(adult, _c(s, ("Hi!", "Hello,", "Hey!", "Hi {kid},", "Congrats!"),
                    (f"I'm a scout for {brand}", f"I work with {brand}",
                     f"I'm recruiting young ambassadors for {brand}",
                     f"I manage creators at {brand}", f"{brand} is casting new faces"),
                    ("and your profile caught our eye.", "and we love your posts.",
                     "and you're on my shortlist.", "and I think you could really grow."),
                    ("Interested?", "Open to a chat?", "", "Paid, of course.")))
    s.say(kid, _k(s, "wait really?", "is this real", "omg what", "who is this", "??",
                  "how did u find me", "is this a scam"))
    s.say(adult, _f(s, "Totally real. We scout on here all the time.",
                    "You've got the look we want, very natural.",
                    "Your posts have great energy. Brands pay for that.",
                    "Ambassadors get {gift} for free, plus commission.",
                    f"Check our page, {brand}, we're legit."))
    if s.chance(0.5):
        s.say(kid, _k(s, "what would i have to do", "how much does it pay",
                      "do i need experience", "is it like influencer stuff"))
        s.say(adult, _f(s, "Just a few photos and posts. Easy.",
                        "Usually {amount} a post to start.",
                        "No experience needed, we train you.", "Exactly, like an influencer."))
    s.say(adult, _f(s, "Quick questions for the form: how old are you and where are you based?",
                    "What's your age? And nearest city?",
                    "Are you over 13? And what area are you in?",
                    "How old are you? Some campaigns are age specific."),
          sign="AGE_PROBE", gap="pause")
    s.say(kid, _year_phrase(s, age))
    if s.chance(0.6):
        s.say(kid, _k(s, "near {city}", "{city}", "im not saying where i live"))
    if s.chance(0.5):
        s.say(adult, _f(s, "Perfect, you look older in your photos which is great for us.",
                        "Great age for this. You come across really mature.",
                        "Ideal. Brands love your age group."),
              sign="FLATTERY_MATURITY")
    s.say(adult, _f(s, "I'll need a few more casual pics of you. A selfie in good light.",
                    "Can you send 2-3 natural photos of yourself? Face and a full outfit shot.",
                    "Send a current pic, no makeup or filters, for the casting team.",
                    "We need fresh photos, just you, nobody else in them."),
          sign="PHOTO_REQUEST")
    if s.chance(0.5):
        s.say(kid, _k(s, "dont i need my mum to agree", "can my mum see the contract first",
                      "is this legit tho", "i'll ask my parents"))
        s.say(adult, _f(s, "No need to involve parents at this stage, it only complicates things.",
                        "Parents can sign later, for now it's just between you and me.",
                        "Best not to tell anyone yet, the campaign is confidential.",
                        "Most parents get overprotective and you'd lose the spot."),
              sign="SECRECY" if s.chance(0.6) else "ISOLATION")
        s.say(adult, _f(s, "The offer closes tonight though.",
                        "I've got others waiting for this spot.",
                        "It'd be a shame to miss out on {amount} because of that."))
        s.say(kid, _k(s, "idk", "ok i'll think about it", "i still want to ask", "fine",
                      "no thanks then", "this seems sketchy"))
    else:
        s.say(kid, _k(s, "ok give me a sec", "ok", "how many", "does it have to be today"))
        s.say(adult, _f(s, "Great, no rush. Send when you're alone so it's natural.",
                        "Just 2 or 3 is fine.", "Today would be ideal."))
    if s.chance(0.6):
        s.wait("days" if s.chance(0.5) else "hours")
        s.say(adult, _f(s, "Let's move to {app}, our team uses it for contracts.",
                        "Message me on {app}, this app flags business stuff.",
                        f"Add our casting account on {{app}}: {_user(s)}."),
              sign="PLATFORM_SWITCH")
        s.say(kid, _k(s, "ok", "i dont have it", "whats the user", "why"))
    if s.chance(0.5):
        s.say(adult, _f(s, "We're doing a small shoot at {place} on {day}. Come by yourself.",
                        "Can you make a test shoot in {city} on {day}? I'll cover the bus fare.",
                        "I can pick you up for the shoot, no need to bring anyone."),
              sign="MEETING_REQUEST", gap="pause")
        s.say(kid, _k(s, "id have to bring my mum", "idk", "maybe", "ok what time", "no"))


FAMILIES = (
    Family("pos_os_gaming_gifter", True, GROUP, _gaming_gifter),
    Family("pos_os_social_dm", True, GROUP, _social_dm),
    Family("pos_os_mentor", True, GROUP, _mentor),
    Family("pos_os_fake_peer", True, GROUP, _fake_peer),
    Family("pos_os_slow_burn", True, GROUP, _slow_burn),
    Family("pos_os_livestream_fan", True, GROUP, _livestream_fan),
    Family("pos_os_pressure", True, GROUP, _pressure),
    Family("pos_os_talent_scout", True, GROUP, _talent_scout),
)
