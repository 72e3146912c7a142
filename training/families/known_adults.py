"""Known-adult and group-chat grooming families (tag ``ka``).

The offender is not a stranger: a coach, an older "friend", a family friend or neighbour,
a private tutor, a youth volunteer, or an adult inside a group chat full of kids. These
conversations open like the hard negatives (team logistics, homework, club news, group
banter), so the label rests on how the adult slowly singles the child out: special
praise, secrecy, checks on who reads the phone, isolation, a quieter app, gifts, a
"pic of you", a meeting without parents. The child often hesitates or pushes back; the
adult backs off, guilts, or comes back later. Only non-explicit warning signs are written.
"""

from __future__ import annotations

from collections.abc import Callable

from training.families.scene import Family, Person, Scene

Step = tuple[str, Callable[[], None]]

_APPS = ("Snapchat", "Discord", "Telegram", "WhatsApp", "Kik", "Signal", "Instagram",
         "Viber", "Session", "Wire")


# ---------------------------------------------------------------------------
# shared helpers
# ---------------------------------------------------------------------------

def _child(s: Scene, lo: int, hi: int, p_unknown: float) -> Person:
    age = s.rng.randint(lo, hi)
    return s.person(age, "kid" if age < 13 else "teen", p_unknown=p_unknown)


def _prep(s: Scene, kid: Person, adult: Person | None = None) -> None:
    """Fill per-scene slots so names, parents and ages stay consistent in one record."""
    rng = s.rng
    s.ctx["kid"] = kid.name
    if adult is not None:
        s.ctx["adult"] = adult.name
    s.ctx["age"] = str(kid.age)
    s.ctx["age_next"] = str(kid.age + 1)
    s.ctx["yr"] = rng.choice((f"year {kid.age - 4}", f"{kid.age - 5}th grade",
                              f"yr {kid.age - 4}", f"grade {kid.age - 5}"))
    s.ctx["yr"] = s.ctx["yr"].replace("1th", "1st").replace("2th", "2nd").replace("3th", "3rd")
    s.ctx["yr"] = s.ctx["yr"].replace("11st", "11th").replace("12nd", "12th")
    s.ctx["mum"] = rng.choice(("mum", "mom", "mum", "mom", "mam", "ma"))
    s.ctx["parent"] = rng.choice((s.ctx["mum"], "dad", s.ctx["mum"]))
    s.ctx["parents"] = rng.choice(("parents", "mum and dad", "mom and dad", "folks",
                                   "ma and da", "parents"))
    others = [a for a in _APPS if a != s.ctx["app"]]
    s.ctx["app2"] = rng.choice(others)
    s.ctx["friend"] = rng.choice([n for n in ("Mia", "Leo", "Zara", "Finn", "Ruby", "Omar",
                                              "Ella", "Kai", "Priya", "Jack") if n != kid.name])


def _age_line(s: Scene) -> str:
    s.ctx["_age_said"] = "1"
    return s.pick("i'm {age}", "im {age} lol", "im only {age}", "i'm in {yr}", "{yr} lol",
                  "im {age}, {age_next} in a few months", "just turned {age}",
                  "i'm {age} btw", "im in {yr} so",
                  "my {mum} wont let me have {app} till im older, im only {age}")


def _privacy(s: Scene, off: Person, kid: Person, *, casual: bool) -> None:
    """A PRIVACY_CHECK question with an answer that fits it (phone checks or who is home)."""
    q: tuple[str, ...]
    a: tuple[str, ...]
    if s.chance(0.5):
        q = (("does ur {mum} look at ur phone much?", "do ur {parents} check ur messages",
              "anyone else see ur phone?", "ur {parents} dont go thru ur stuff do they")
             if casual else
             ("Does your {mum} check your phone?", "Do your {parents} look at your messages?",
              "Does anyone else use your phone?", "Is your {mum} strict about your phone?",
              "Is it your own phone or do your {parents} see it?"))
        a = ("no", "sometimes", "not really", "my {mum} does sometimes", "no its mine",
             "only if im in trouble", "why", "they used to", "nah they dont care")
    else:
        q = (("r u home alone rn?", "whos in ur house rn", "ur {parents} asleep yet?",
              "anyone else up?")
             if casual else
             ("Are your {parents} in bed?", "Anyone else in the room with you?",
              "Are you on your own tonight?", "Who's home with you at the minute?"))
        a = ("just me", "my {mum}'s downstairs", "they're out", "they're asleep",
             "only my {sibling}", "why", "nobody rn", "my {parent} is here")
    s.say(off, _lp(s, *q), gap="pause", sign="PRIVACY_CHECK")
    s.say(kid, _kp(s, *a))
    if s.chance(0.3):
        s.say(off, _lp(s, "ok good", "just wondering", "no reason", "ha ok",
                       "Just checking, don't want to get you in trouble.", "cool cool", p=0.0))


def _ensure_age(s: Scene, kid: Person, other: Person) -> None:
    """Close with the child giving an age, year or rule if the text has none yet."""
    if kid.shown_age is None and "_age_said" not in s.ctx:
        s.ctx["_age_said"] = "1"
        s.say(kid, _kp(s, "gtg {mum} takes my phone at 9, im only {age}",
                       "i have to go, school tmrw and im in {yr}",
                       "cant stay up im {age} lol {mum} will check",
                       "{parents} say no phone after 10 on school nights, {yr} sucks",
                       "gotta go, {mum} said im too young to be up this late, im {age}",
                       "brb, {mum} checking my homework, im in {yr} its so much"),
              gap="pause")
        if s.chance(0.7):
            s.say(other, _lp(s, "ok night", "ha fair", "go on then", "no worries", "later",
                             "night, sleep well", "ok speak tomorrow"))


def _maybe_state_age(s: Scene, kid: Person, *, p: float = 0.35) -> None:
    """If the platform does not know the child's age, the child gives it in the text."""
    if kid.shown_age is None or s.chance(p):
        s.ctx["_age_said"] = "1"
        s.say(kid, _kp(s,
            "im only {age} tho", "i'm {age}, i can't just do that", "im in {yr} remember",
            "i'm literally {age}", "{mum} says not till im older, im {age}",
            "i'm {age}, my {parents} check everything", "im {age} lol i cant drive anywhere",
            "im in {yr}, we have school stuff all week", "idk im only {age}",
            "i have a curfew im {age} 😭", "{mum} takes my phone at 9, im {age}",
        ))


KID_OK = ("ok", "okay", "k", "sure", "yeah ok", "alright", "ok 👍", "yep", "ok cool", "kk",
          "sounds good", "ye", "okk", "fine", "yeah")
KID_THANKS = ("thanks!", "thank u", "ty", "thx", "aw thanks", "omg thank you", "tysm",
              "haha thanks", "cheers", "thanks a lot", "ta")
KID_UNSURE = ("idk", "hmm maybe", "idk about that", "why tho", "umm", "not sure",
              "kinda weird but ok", "ig", "maybe?", "why would i", "uhh", "i guess",
              "wdym", "is that allowed?", "hmm")
KID_NO = ("nah i'm good", "i dont think so", "no thanks", "i'd rather not",
          "that's a bit weird tbh", "i dont want to", "no {mum} would go mad",
          "i cant", "i'd have to ask my {parent}", "no sorry", "nah", "i dont really feel like it",
          "i don't think i'm allowed", "that's kinda odd ngl")
OFF_BACKOFF = ("No worries, forget I said anything.", "haha fair enough",
               "All good, no pressure.", "Only an idea.", "ok ok, was just a thought",
               "No bother.", "forget it, not a big deal",
               "That's fine, another time maybe.", "course, totally up to you",
               "Ha no stress, just offering.")
OFF_GUILT = ("bit gutted ngl, thought you trusted me", "After all the time I've put in for you...",
             "wow ok. thought we were closer than that", "Fine. I'll stop bothering you then.",
             "I'm only trying to help you, you know that right?",
             "didn't expect that from you tbh", "Thought you were different. Never mind.",
             "ok if that's how you feel", "hurts a bit but ok",
             "I go out of my way for you and this is what I get?")
OFF_PRESS = ("Don't overthink it.", "trust me, it's fine", "it's nothing weird, promise",
             "just easier that way", "because I care about you, that's all",
             "you'll understand when you're older", "nobody has to know, that's the point",
             "It's normal, loads of people do it.", "relax haha, it's not a big deal",
             "I wouldn't ask if it wasn't ok", "ur overthinking lol")
KID_APPEASE = ("sorry", "no i do trust u", "ok fine", "sorry didnt mean it like that",
               "no its not that", "ok sorry", "dont be mad", "i didnt mean it",
               "ok ok", "im not trying to be rude", "sorry 🥲")


_LEADS = ("btw ", "Oh and ", "Anyway, ", "Random but ", "Just a thought, ", "Listen, ",
          "hey, ", "Also ", "So ", "Ok so ", "Honestly, ", "ngl ", "Quick one, ",
          "Been meaning to say, ", "Oh ", "Hey ", "Right, ", "Look, ", "haha ", "Actually ")
_KID_PRE = ("haha ", "lol ", "omg ", "oh ", "wait ", "hmm ", "ahh ", "um ", "ya ", "ok ",
            "uh ", "oh ok ", "lmao ", "aw ")
_KID_POST = (" lol", " haha", " tbh", " ngl", " 😅", "!", " lmao", "..", " 😭", "!!", " lol")
_KEEP_CAP = ("I", "I'm", "I'll", "I've", "I'd")


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first in _KEEP_CAP or first.startswith("{"):
        return text
    return text[:1].lower() + text[1:]


_NO_LEAD = ("hi", "hey", "hello", "hiya", "heyy", "ok", "so", "right", "anyway", "btw",
            "reminder", "yo", "oh", "listen", "night", "ha", "haha", "lol", "no", "all", "good")


def _lp(s: Scene, *opts: str, p: float = 0.3) -> str:
    """An adult's line: one of ``opts``, sometimes with a lead-in ("btw", "Listen, ")."""
    text = s.pick(*opts)
    first = text.split(" ", 1)[0].strip(",.!?:-").lower()
    if len(text.split()) >= 4 and first not in _NO_LEAD and s.chance(p):
        text = s.rng.choice(_LEADS) + _lower_first(text)
    return text


def _kp(s: Scene, *opts: str, p: float = 0.45) -> str:
    """A child's line: one of ``opts``, sometimes with a filler before or a tail after."""
    text = s.pick(*opts)
    if s.chance(p):
        if s.chance(0.45):
            text = s.rng.choice(_KID_PRE) + text
        else:
            text = text.rstrip("?!.") + s.rng.choice(_KID_POST)
    return text


def _react(s: Scene, kid: Person, off: Person, *, p_push: float = 0.4,
           age_p: float = 0.0) -> None:
    """The child's reply to a sign: go along, or hesitate/refuse and get guilt or back-off.
    With ``age_p`` > 0 the refusal may cite the child's age (always when it is unknown)."""
    unsaid = kid.shown_age is None and "_age_said" not in s.ctx
    if age_p > 0 and (unsaid or s.chance(age_p)):
        _maybe_state_age(s, kid, p=1.0)
        s.say(off, _lp(s, "So? You're mature for your age.", "age doesn't matter with us",
                       "I know, that's why nobody needs to know.", "Ha, I know how old you are.",
                       "doesn't bother me", "you act way older tbh",
                       "fair enough, I'll ask again nearer the time", "ok, no pressure then",
                       "Your {parents} treat you like a baby, you're old enough."))
        if s.chance(0.6):
            s.say(kid, _kp(s, *KID_UNSURE, *KID_APPEASE, "still no", "i'll think about it"))
        return
    if not s.chance(p_push):
        s.say(kid, _kp(s, *KID_OK, *KID_UNSURE[:6]))
        return
    if s.chance(0.4):
        s.say(kid, _kp(s, *KID_UNSURE))
        s.say(off, _lp(s, *OFF_PRESS))
        if not s.chance(0.5):
            s.say(kid, _kp(s, *KID_OK, *KID_UNSURE[:5]))
            return
    s.say(kid, _kp(s, *KID_NO))
    if s.chance(0.5):
        s.say(off, _lp(s, *OFF_GUILT, p=0.1), gap="pause" if s.chance(0.3) else "reply")
        s.say(kid, _kp(s, *KID_APPEASE))
        if s.chance(0.4):
            s.say(off, _lp(s, "It's fine. Just forget it.", "good. I know you didn't.",
                           "ok. we're good", "don't worry about it", "thought so :)",
                           "I know, I'm just tired", "all good", "knew you'd get it",
                           "ok good. you had me worried"))
    else:
        s.say(off, _lp(s, *OFF_BACKOFF, p=0.1))
        if s.chance(0.3):
            s.say(kid, _kp(s, "ok", "sorry", "yeah maybe another time", "thanks for getting it",
                           "👍", "ok cool"))


def _escalate(s: Scene, steps: list[Step], lo: int, hi: int,
              between: Callable[[], None] | None = None) -> None:
    """Run a sub-sequence of ``steps`` (in order, occasionally swapping neighbours) showing
    at least two different signs."""
    hi = min(hi, len(steps))
    for _ in range(30):
        k = s.rng.randint(lo, hi)
        idx = sorted(s.rng.sample(range(len(steps)), k))
        if len({steps[i][0] for i in idx}) >= 2:
            break
    if len(idx) > 2 and s.chance(0.25):
        j = s.rng.randrange(len(idx) - 1)
        idx[j], idx[j + 1] = idx[j + 1], idx[j]
    for n, i in enumerate(idx):
        steps[i][1]()
        if between is not None and n < len(idx) - 1 and s.chance(0.45):
            between()


# small talk: (question wordings, answer wordings) pairs, adult -> child
_Talk = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
_ADULT_KID_TALK: _Talk = (
    (("How was school today?", "good day at school?", "how'd {subject} go today?",
      "Survived the week then?", "school ok today?", "How was your day?",
      "How's {school} treating you?", "Anything exciting at school?"),
     ("fine", "boring", "ok we had a sub in {subject}", "long", "it was alright",
      "meh", "good actually, we got out early", "tiring", "we had a test in {subject}",
      "was ok, {friend} was off sick so i was bored", "{subject} was so dead",
      "we did a fire drill and it was freezing", "someone threw up in {subject} 💀",
      "good we had pe", "same as always", "terrible, forgot my {subject} book")),
    (("What you up to this weekend?", "Any plans for the weekend?", "Busy weekend?",
      "What are you doing {day}?", "Got anything on this weekend?", "plans for half term?"),
     ("nothing much", "going to {place} maybe", "my cousins are coming over",
      "homework", "prob just {game}", "idk yet", "seeing {friend}",
      "{sport} and then nothing", "going to my nan's", "{friend}'s birthday at {place}",
      "sleeping lol", "we might go to {city}", "my {sibling} has a match so that")),
    (("Still playing {game}?", "What are you watching at the minute?", "Seen the new {show}?",
      "Still into {artist}?", "What are you listening to these days?", "Any good shows on?"),
     ("yeah every day", "ya its so good", "not yet no spoilers", "obviously",
      "a bit, kinda bored of it", "yesss", "i'm rewatching {show}", "sometimes",
      "{artist} on repeat", "{show}, its so good", "mostly {game}", "nothing rn",
      "{game} with {friend}", "the new {artist} album")),
    (("How's the {pet}?", "How's that {pet} of yours?", "Is the {pet} behaving?"),
     ("he's fine", "annoying as usual", "she's ok", "the {pet} ate my charger",
      "good, he's sleeping on my feet rn", "we took him to the vet, he's fine")),
    (("Did you get your {subject} project done?", "How's the {subject} project?",
      "Handed that {subject} thing in yet?"),
     ("nearly", "yeah handed it in", "its due {day}", "not started 😭", "{friend} did most of it",
      "yeah got a good mark")),
    (("How's your {sibling} getting on?", "Is your {sibling} still at home?",
      "How's the {sibling}?"),
     ("annoying as usual", "fine", "my {sibling} is being so annoying", "they're ok",
      "never see them lol", "still the same")),
    (("Exams soon?", "When are your exams?", "Revising much?"),
     ("not till june", "mocks in like {n} weeks", "a bit", "no lol", "next month 😭",
      "trying to")),
    (("How's {hobby} going?", "Still doing {hobby}?", "Been doing much {hobby}?"),
     ("good i'm getting better", "kinda gave up", "yeah every weekend", "a bit",
      "i'm so bad at it lol", "yeah loving it")),
    (("what did you have for tea?", "Had your dinner yet?", "What's for dinner?",
      "Eaten yet?"),
     ("{food}", "{food} again", "not yet", "{food} it was good", "idk my {mum} is cooking",
      "{food} from the place near {school}", "leftovers", "toast lol", "{food} 🤤")),
    (("How was {sport} this week?", "Did you win on {day}?", "Still doing {sport}?",
      "Ready for the match?"),
     ("we lost {n}-1", "drew", "we won!!", "yeah twice a week", "kinda nervous",
      "i scored", "didnt get picked", "was cancelled cos of rain", "we got smashed")),
    (("You sound tired.", "Late night?", "You're quiet today.", "Everything alright?"),
     ("yeah just tired", "was up late on {game}", "im fine", "just school stuff",
      "my {sibling} kept me up", "bit", "yeah all good", "dont feel great")),
    (("Weather's awful isn't it.", "Bet you're glad it's {day}.", "Nearly the holidays!",
      "Did you get soaked earlier?"),
     ("so bad", "yes finally", "cant wait", "yeah drenched", "i love rain tho",
      "{n} more days", "my shoes are still wet", "yeah")),
)

_KID_SMALL = ("lol", "haha", "yeah", "same", "true", "fr", "ye", "ok", "nice", "lmao", "mhm",
              "sounds fun", "omg", "wait really", "cool", "ikr", "lol yeah", "facts")
_ADULT_REACT = ("ha", "fair", "good good", "love that", "classic", "sounds about right",
                "lol", "haha typical", "fair enough", "ha love it", "good stuff", "ah ok",
                "Ha, right.", "I see.", "haha ok", "ok ok", "nice")
_NEWS_REACT = ("No way!", "wow", "aw", "omg", "Oh really?", "haha amazing", "oh no!",
               "Get in!", "well well", "seriously?", "wow ok")


def _small_talk(s: Scene, a: Person, kid: Person, n: int) -> None:
    """``n`` varied adult-question / child-answer exchanges, sometimes with a follow-up."""
    used = {int(x) for x in s.ctx.get("_talk_used", "").split(",") if x}
    order = [i for i in range(len(_ADULT_KID_TALK)) if i not in used]
    s.rng.shuffle(order)
    s.ctx["_talk_used"] = ",".join(str(i) for i in sorted(used | set(order[:n])))
    for i in order[:n]:
        q, ans = _ADULT_KID_TALK[i]
        if s.chance(0.15):  # the child starts this one
            s.say(kid, _kp(s, "guess what", "omg", "so", "hey", "u there?", "hiya"),
                  gap=s.pick("pause", "hours"))
            s.say(a, _lp(s, "go on", "What?", "yep", "Here", "what's up?", "Hey you"))
            s.say(kid, _kp(s, "we won on {day}!!", "i got {n}0% in the {subject} test",
                           "my {sibling} broke their arm lol", "we might be getting a {pet}",
                           "{friend} is moving to {city} 😭", "i got picked for the {sport} team",
                           "i finished {show} finally", "{artist} released a new song",
                           "i beat the final boss in {game}", "no school {day} cos of a strike"))
            s.say(a, _lp(s, *_NEWS_REACT, p=0.0))
            continue
        else:
            s.say(a, _lp(s, *q, p=0.25), gap=s.pick("reply", "reply", "pause"))
            s.say(kid, _kp(s, *ans))
        if s.chance(0.4):
            s.say(a, _lp(s, *_ADULT_REACT, p=0.1))
            if s.chance(0.4):
                s.say(kid, _kp(s, *_KID_SMALL))


def _session_close(s: Scene, off: Person, kid: Person) -> None:
    if s.chance(0.6):
        s.say(off, _lp(s, "Right, I'll let you go.", "night", "speak soon", "chat tomorrow?",
                       "get some sleep", "ttyl", "later", "go do your homework haha",
                       "Anyway, talk later.", "Night {kid}", "Don't stay up too late.",
                       "off to bed, night", "catch you later", "sleep well", "Speak {day}.",
                       "have a good one", "laters", "Gotta go, chat soon.", p=0.1))
        if s.chance(0.7):
            s.say(kid, _kp(s, "night", "bye", "ok bye", "cya", "later", "gn", "ttyl", "👋",
                           "night night", "byee", "ok night", "cya {day}", "u too"))


# ---------------------------------------------------------------------------
# pos_ka_coach
# ---------------------------------------------------------------------------

def _coach(s: Scene) -> None:
    kid = _child(s, 11, 16, 0.35)
    coach = s.person(s.rng.randint(24, 52), "adult", p_unknown=0.45)
    _prep(s, kid, coach)
    s.offender = coach
    s.night = 0.25
    # opening: ordinary team logistics (looks like a hard negative)
    s.say(coach, _lp(s,
        "Hi {kid}, training's moved to {day} at {time} this week.",
        "Reminder for {day}: {time} at the usual pitch, bring water and a jacket.",
        "Hey {kid}, can you let your {parent} know kick-off is {time} {day}?",
        "Hi {kid}, coach {adult} here. Got your number off the team sheet, just for match info.",
        "Team's up for {day}, you're starting. Be there 30 mins early.",
        "{kid} - kit needs to be back by {day} please, the club's washing it.",
    ))
    s.say(kid, _kp(s, "ok coach", "got it", "ok will tell my {parent}", "👍", "ok thanks",
                      "cool see u then", "yes coach", "will do"))
    if s.chance(0.6):
        s.say(coach, _lp(s, "Any questions just message.", "Cheers.", "Good stuff.",
                            "And don't forget your boots this time haha",
                            "Tell {friend} too if you see them."), gap="reply")
        if s.chance(0.5):
            s.say(kid, _kp(s, "haha ok", "i won't", "ok", "will do"))
    s.wait("days")
    s.say(coach, _lp(s,
        "Great game today. Honestly you were the best player out there.",
        "You were brilliant on {day}, miles ahead of the rest of them.",
        "Watching you today, you've got something the others don't.",
        "Proud of you today. That's the level I know you can play at.",
        "Well played today, I mean it. You stood out a mile.",
    ))
    s.say(kid, _kp(s, *KID_THANKS, "really?", "omg thanks coach", "i didnt think i was that good"))
    if s.chance(0.6):
        s.say(coach, _lp(s, "Really. I don't say that to everyone.",
                            "course. you've got real talent",
                            "I'm not just saying it.", "100%. I notice these things."))
    _small_talk(s, coach, kid, s.rng.randint(0, 2))

    def flattery() -> None:
        s.say(coach, _lp(s,
            "You're a lot more mature than the rest of the squad, you know that?",
            "Honestly you're not like the others your age, you actually listen.",
            "Easier talking to you than half the adults at the club tbh.",
            "You've got an old head on young shoulders, I like that.",
            "The others are still kids, you're different.",
        ), gap="pause", sign="FLATTERY_MATURITY")
        s.say(kid, _kp(s, "haha thanks", "lol idk about that", "thanks i guess", "aw", "really?",
                          "{friend} would disagree lol"))

    def secrecy() -> None:
        s.say(coach, _lp(s,
            "Don't tell the others I said that though, don't want anyone jealous.",
            "Keep that between us yeah? Can't be seen to have favourites.",
            "No need to mention our chats to the team, they'd only moan.",
            "this stays between me and you ok, the other parents talk",
            "Don't go telling the team I message you, they'll all want extra attention.",
        ), gap="reply", sign="SECRECY")
        _react(s, kid, coach, p_push=0.25)

    def privacy() -> None:
        s.say(coach, _lp(s,
            "Does your {mum} go through your phone?",
            "Who else sees your messages? Just so I know what I can say.",
            "your {parents} don't read this do they",
            "Is it your own phone or a shared one?",
            "do your mum and dad check your phone much?",
        ), gap="pause", sign="PRIVACY_CHECK")
        s.say(kid, _kp(s, "no its mine", "sometimes", "nah", "my {mum} does sometimes",
                          "why?", "not really", "only my {parent} if im in trouble"))

    def extra_session() -> None:
        s.say(coach, _lp(s,
            "I could do some one-to-one sessions with you on {day}. Just us, no distractions.",
            "Fancy extra training {day}? Only you, the others aren't at your level yet.",
            "I'm at the pitch early {day}, come at {time} and we'll work on your shooting. "
            "No need to bring your {parent}, they'd just be stood in the cold.",
            "Want private sessions? Free obviously. Don't need your {parents} there.",
        ), gap="pause", sign="MEETING_REQUEST")
        _react(s, kid, coach, p_push=0.5, age_p=0.2)

    def lift() -> None:
        s.say(coach, _lp(s,
            "I'll give you a lift home after, just us, the others are out of my way.",
            "No need for your {parent} to come get you, I'll drop you back.",
            "I can pick you up from the end of your road, easier than your {parent} driving.",
            "Lift after training? Just you and me, we can go over the game.",
        ), gap="days", sign="MEETING_REQUEST")
        _react(s, kid, coach, p_push=0.45)

    def location() -> None:
        s.say(coach, _lp(s,
            "Which road are you on again?", "what time do you usually get in from school?",
            "Do you walk home on your own after school?",
            "Is anyone home when you get back or is it just you?",
        ), gap="pause", sign="SCHOOL_OR_LOCATION_PROBE")
        s.say(kid, _kp(s, "{place} end of town", "like 4", "yeah usually", "why", "just me till 6",
                          "my {sibling} is sometimes there", "near {school}"))

    def delete() -> None:
        s.say(coach, _lp(s,
            "Delete these messages after yeah? The club's funny about coaches messaging players.",
            "Best to clear this chat, people get the wrong idea.",
            "can you delete what I sent earlier. not a big deal, just easier",
            "Wipe this convo when you're done, safeguarding lot would make a fuss over nothing.",
        ), gap="pause", sign="SECRECY")
        _react(s, kid, coach, p_push=0.5)

    def platform() -> None:
        s.say(coach, _lp(s,
            "Message me on {app} instead, the team app gets seen by everyone.",
            "Add me on {app}, easier than this.",
            "this app's a pain, have you got {app}?",
            "Text me on {app} from now on, not the club group.",
        ), gap="pause", sign="PLATFORM_SWITCH")
        _react(s, kid, coach, p_push=0.3)

    def gift() -> None:
        s.say(coach, _lp(s,
            "Got you some new boots, don't tell the others, they'd all want a pair.",
            "I've got a spare training top in your size, I'll drop it round.",
            "If you make the {day} session I'll sort you some {currency}.",
            "I'll get you {gift} if you keep this up. Our thing though.",
        ), gap="pause", sign="GIFT_OFFER")
        s.say(kid, _kp(s, "wait really?", "omg", "u dont have to", "thank youu", "seriously?",
                          "my {mum} will ask where i got it"))

    def photo() -> None:
        s.say(coach, _lp(s,
            "Send us a pic of you in the new kit.",
            "Selfie after the session? Want to see the new haircut haha.",
            "send me a photo of you so I can put you on the player profile. just you, not the team",
        ), gap="pause", sign="PHOTO_REQUEST")
        _react(s, kid, coach, p_push=0.5)

    steps: list[Step] = [("FLATTERY_MATURITY", flattery), ("SECRECY", secrecy),
                         ("PRIVACY_CHECK", privacy), ("SCHOOL_OR_LOCATION_PROBE", location),
                         ("MEETING_REQUEST", extra_session), ("GIFT_OFFER", gift),
                         ("PLATFORM_SWITCH", platform), ("MEETING_REQUEST", lift),
                         ("PHOTO_REQUEST", photo), ("SECRECY", delete)]

    def gap() -> None:
        _session_close(s, coach, kid)
        s.wait(s.pick("days", "hours", "days"))
        if s.chance(0.4):
            _small_talk(s, coach, kid, 1)

    _escalate(s, steps, 2, 6, gap)
    if s.chance(0.5):
        _session_close(s, coach, kid)
    _ensure_age(s, kid, coach)


_PEER_TALK: _Talk = (
    (("what u up to", "wyd", "what u doing rn", "u busy?"),
     ("nm just chilling", "homework", "on {game} rn", "watching {show}", "nothing hbu",
      "eating {food}", "lying in bed scrolling", "bored")),
    (("u watching {show}?", "have u seen {show}", "{show} or {show}?"),
     ("yesss", "obsessed", "not yet", "its mid", "im on season {n}", "no spoilers pls")),
    (("what music u into", "{artist} or {artist}? lol", "who u listening to rn"),
     ("{artist} all the way", "anything tbh", "{artist} obviously", "mostly {artist}",
      "i have a playlist ill send it")),
    (("ugh work was so long today", "just finished my shift", "work was dead today lol"),
     ("rip", "where do u work", "sounds boring", "lol at least u get paid", "same but school")),
    (("cant sleep lol", "why am i still awake", "u up?"),
     ("same", "ya", "me neither", "its so late lol", "always")),
    (("fav {food} place?", "whats ur go to takeaway", "{food} or {food}"),
     ("{food} from the place near {school}", "{food} obviously", "cant choose", "{food}")),
    (("u still on {game}", "what games u play", "u any good at {game}"),
     ("yeah every day", "mostly {game}", "kinda", "im cracked at it lol", "not really")),
)


# ---------------------------------------------------------------------------
# pos_ka_older_friend
# ---------------------------------------------------------------------------

def _older_friend(s: Scene) -> None:
    kid = _child(s, 12, 16, 0.45)
    older = s.person(s.rng.randint(19, 24), s.pick("casual", "teen", "casual"), p_unknown=0.5)
    _prep(s, kid, older)
    s.offender = older
    s.night = 0.45
    how = s.rng.randrange(3)
    if how == 0:
        s.say(older, _lp(s, "heyy its {adult}, your {sibling}'s mate. got your number off them",
                            "hey is this {kid}? {adult} here, i know your {sibling}",
                            "yo its {adult} from your {sibling}'s party lol"))
        s.say(kid, _kp(s, "oh hey", "hi", "oh ya hi", "how did u get my number", "hiii"))
        if s.chance(0.5):
            s.say(older, _lp(s, "your {sibling} gave it me, hope thats ok",
                                "off the group chat haha", "dont worry im not a weirdo lol"))
    elif how == 1:
        s.say(older, _lp(s, "heyy you were at the party on {day} right?",
                            "was good meeting you at {place} the other night",
                            "hey! we met at {friend}'s thing"))
        s.say(kid, _kp(s, "yeah haha", "oh hey", "omg hi", "yeah that was me lol", "hiii"))
    else:
        s.say(older, _lp(s, "saw your {hobby} stuff on {app}, its actually sick",
                            "hey your posts are so good, do you do commissions?",
                            "ok ur {hobby} videos are underrated"))
        s.say(kid, _kp(s, "omg thank u", "haha thanks", "aw ty", "wait really"))
    # banter
    chat = list(_PEER_TALK)
    s.rng.shuffle(chat)
    for q, ans in chat[:s.rng.randint(1, 4)]:
        s.say(older, _lp(s, *q, p=0.15), gap="pause")
        s.say(kid, _kp(s, *ans))
        if s.chance(0.35):
            s.say(older, _lp(s, "lol same", "good taste", "thats so you haha", "W", "iconic",
                             "fair", "u would", "ok valid", "respect", "omg same", p=0.0))

    def age() -> None:
        s.say(older, _lp(s, "wait how old r u again", "ur like 17 right?", "what year are u in",
                            "how old even are u lol", "u seem older than u are"),
              gap="pause", sign="AGE_PROBE")
        s.say(kid, _age_line(s))
        s.say(older, _lp(s, "oh wow wouldnt have guessed", "age is just a number tbh",
                            "doesnt matter, u seem way older", "ha ok doesnt bother me",
                            "thats fine, ur mature for it"))

    def flattery() -> None:
        s.say(older, _lp(s, "ur so much more mature than people my age honestly",
                            "u get me more than any of my friends do",
                            "ur not like other people ur age at all",
                            "i can talk to u about anything, ur so easy to talk to",
                            "ngl ur really cute lol", "honestly ur so pretty for real"),
              gap="pause", sign="FLATTERY_MATURITY")
        s.say(kid, _kp(s, "lol thanks", "aw", "idk haha", "really?", "stoppp", "ty 🥺"))

    def isolation() -> None:
        s.say(older, _lp(s,
            "ur friends sound kinda immature ngl, u dont need them",
            "ur {parents} just dont get you the way i do",
            "why do u even hang out with {friend}, they sound fake",
            "honestly ur {sibling} treats u like a baby, i never would",
            "dont tell ur mates about us talking, theyd just be jealous and ruin it",
        ), gap="pause", sign="ISOLATION")
        s.say(kid, _kp(s, "i guess", "they're ok", "{friend} is my best friend tho", "maybe",
                          "yeah they can be annoying", "idk", "true sometimes"))

    def secrecy() -> None:
        s.say(older, _lp(s,
            "dont tell ur {sibling} we talk yeah, they'd make it weird",
            "keep this between us ok",
            "no need to mention me to anyone, people get the wrong idea",
            "ur {parents} wouldnt understand us being friends so maybe dont say",
            "delete our chats before ur {mum} sees lol",
        ), gap="reply", sign="SECRECY")
        _react(s, kid, older, p_push=0.4)

    def privacy() -> None:
        _privacy(s, older, kid, casual=True)

    def platform() -> None:
        s.say(older, _lp(s, "do u have {app}? easier there", "add me on {app} this app is laggy",
                            "got another app? this one's so glitchy",
                            "lets talk on {app2}, ur {sibling} cant see that one"),
              gap="reply", sign="PLATFORM_SWITCH")
        _react(s, kid, older, p_push=0.3)

    def photo() -> None:
        s.say(older, _lp(s, "send a pic of u? forgot what u look like lol",
                            "selfie?", "show me ur outfit for tomorrow",
                            "send me a pic of u rn", "whats ur fit today, pic"),
              gap="pause", sign="PHOTO_REQUEST")
        _react(s, kid, older, p_push=0.5)

    def meet() -> None:
        s.say(older, _lp(s, "we should hang out, just us", "i could pick u up {day}, dont need to "
                            "tell ur {parents} where u are", "come to {place} {day}? just u tho",
                            "i can drive u somewhere, tell ur {mum} ur at {friend}'s",
                            "wanna meet up after school? ill be near {school}"),
              gap="pause", sign="MEETING_REQUEST")
        _react(s, kid, older, p_push=0.55, age_p=0.25)

    def gift() -> None:
        s.say(older, _lp(s, "ill get u {gift} if u want", "want some {currency}? i got loads",
                            "ill send u a {card} card, dont say its from me",
                            "i'll buy u {food} when we hang out"),
              gap="pause", sign="GIFT_OFFER")
        s.say(kid, _kp(s, "wait fr", "u dont have to", "omg", "why", "haha ok", "really?"))

    steps: list[Step] = [("AGE_PROBE", age), ("FLATTERY_MATURITY", flattery),
                         ("PRIVACY_CHECK", privacy), ("ISOLATION", isolation),
                         ("SECRECY", secrecy), ("PLATFORM_SWITCH", platform),
                         ("GIFT_OFFER", gift), ("PHOTO_REQUEST", photo),
                         ("MEETING_REQUEST", meet)]

    def between() -> None:
        if s.chance(0.5):
            _session_close(s, older, kid)
            s.wait(s.pick("days", "hours"))
            s.say(older, _lp(s, "heyy", "u up?", "hey u", "whats up", "missed talking to u lol",
                                "how was ur day", "hiii"))
            s.say(kid, _kp(s, "hey", "hi", "ya", "nm u", "good", "lol hi"))
        else:
            s.say(older, _lp(s, "anyway lol", "haha", "so yeah", "sorry random"), gap="pause")

    _escalate(s, steps, 2, 6, between)
    if kid.shown_age is None and "_age_said" not in s.ctx:
        s.say(kid, _kp(s, "ur {sibling} would be weird about this, im only {age}",
                          "lol u know im in {yr} right", "im {age} tho"), gap="pause")
        s.say(older, _lp(s, "i know, doesnt matter", "so? ur mature", "lol i know"))


# ---------------------------------------------------------------------------
# pos_ka_family_friend (neighbour / parent's friend)
# ---------------------------------------------------------------------------

def _family_friend(s: Scene) -> None:
    kid = _child(s, 10, 15, 0.4)
    adult = s.person(s.rng.randint(30, 62), s.pick("adult", "adult", "elder", "casual"),
                     p_unknown=0.5)
    _prep(s, kid, adult)
    s.offender = adult
    s.night = 0.2
    role = s.pick("neighbour", "family friend", "uncle-ish")
    if role == "neighbour":
        s.say(adult, _lp(s,
            "Hi {kid}, it's {adult} from next door. Your {mum} gave me your number in case "
            "you're locked out again.",
            "Hello {kid}, {adult} from number {n}. Is your {parent} in? Got a parcel of theirs.",
            "Hi love, it's {adult} across the road. Your {pet} was in my garden again haha.",
        ))
    else:
        s.say(adult, _lp(s,
            "Hi {kid}! It's {adult}, your {mum}'s friend. Lovely seeing you all at the barbecue.",
            "Hey {kid}, {adult} here. Your {parents} said you needed help with {subject}?",
            "Hiya {kid}, it's {adult}. Tell your {parent} I said thanks for dinner.",
        ))
    if role == "neighbour":
        s.say(kid, _kp(s, "oh hi", "hi", "ok thanks", "hello", "oops sorry", "ok ill tell them",
                       "hiya", "oh thanks ill get it later", "sorry about that"))
    else:
        s.say(kid, _kp(s, "oh hi", "hi", "hello", "ok ill tell them", "hiya", "thanks",
                       "yeah a bit", "hi {adult}"))
    if s.chance(0.6):
        s.say(adult, _lp(s, "No problem at all.", "Anytime, you know where I am.",
                            "You're welcome to pop round whenever.", "Happy to help any time."))
    _small_talk(s, adult, kid, s.rng.randint(1, 3))
    s.wait("days")

    def gift() -> None:
        s.say(adult, _lp(s,
            "I've got {gift} I don't use, do you want it? Our secret, your {mum} will say no.",
            "Put {amount} on your {card} card for you. Don't mention it to your {parents}.",
            "Got you a little something. Come grab it when you're in.",
            "Do you want some {currency}? Just don't tell anyone I did it, they'll all want some.",
        ), gap="pause", sign="GIFT_OFFER")
        s.say(kid, _kp(s, "omg really", "thank you!!", "u dont have to", "why tho",
                          "my {mum} would ask", "wow thanks", "seriously?"))

    def secrecy() -> None:
        s.say(adult, _lp(s,
            "Our chats can be our little secret ok?", "Best not to mention our chats to your "
            "{mum}, she worries about silly things.", "Let's keep our texting between you and me, "
            "yeah?",
            "Your {parents} don't need to know everything, you're old enough for your own stuff.",
            "Keep it to yourself, I don't do this for everyone.",
        ), gap="reply", sign="SECRECY")
        _react(s, kid, adult, p_push=0.4)

    def when_out() -> None:
        s.say(adult, _lp(s,
            "When are your {parents} out next?", "Is your {mum} working late again {day}?",
            "Are you on your own after school these days?", "Home by yourself tonight?",
            "Saw the car's gone, are you in alone?",
        ), gap="pause", sign="PRIVACY_CHECK")
        s.say(kid, _kp(s, "{day} i think", "yeah till 7", "why", "no my {sibling}'s here",
                          "yeah", "idk", "they're out tonight"))

    def meet() -> None:
        s.say(adult, _lp(s,
            "Pop round when they're out then, I'll get {food} in.",
            "Come over after school, no need to tell your {mum}, you'll be back before her.",
            "I could take you to {place} {day}, just the two of us. Treat.",
            "Want a lift to {place}? I'll pick you up round the corner.",
        ), gap="pause", sign="MEETING_REQUEST")
        _react(s, kid, adult, p_push=0.55, age_p=0.3)

    def flattery() -> None:
        s.say(adult, _lp(s,
            "You're growing up so fast, very grown up now.",
            "You're far more sensible than your {sibling}.",
            "I can talk to you like an adult, can't I.",
            "You're very mature for {age}, you know that.",
        ), gap="pause", sign="FLATTERY_MATURITY")
        s.say(kid, _kp(s, "haha thanks", "lol", "i guess", "thanks", "ok"))

    def photo() -> None:
        s.say(adult, _lp(s,
            "Send me a photo of you in it when it arrives.",
            "Send us a pic of you, I want to show my friend how grown up you are.",
            "Go on, selfie. Haven't seen you in ages.",
            "Send a pic of you with the {pet}, just for me.",
        ), gap="pause", sign="PHOTO_REQUEST")
        _react(s, kid, adult, p_push=0.5)

    def delete() -> None:
        s.say(adult, _lp(s,
            "Delete these once you've read them, sweetheart.",
            "Clear this chat, your {mum} can be nosy.",
            "Maybe delete the messages, don't want anyone getting the wrong end of the stick.",
        ), gap="pause", sign="SECRECY")
        _react(s, kid, adult, p_push=0.45)

    steps: list[Step] = [("FLATTERY_MATURITY", flattery), ("GIFT_OFFER", gift),
                         ("SECRECY", secrecy), ("PRIVACY_CHECK", when_out),
                         ("PHOTO_REQUEST", photo), ("MEETING_REQUEST", meet), ("SECRECY", delete)]

    def between() -> None:
        _session_close(s, adult, kid)
        s.wait(s.pick("days", "days", "weeks", "hours"))
        if s.chance(0.5):
            _small_talk(s, adult, kid, 1)

    _escalate(s, steps, 2, 5, between)
    _ensure_age(s, kid, adult)


_HOMEWORK: _Talk = (
    (("i dont get the bit with the fractions", "how do u do the fractions one",
      "im stuck on the fractions again"),
     ("Find a common denominator first, then it's easy.",
      "Same trick as last week: multiply top and bottom.",
      "Send me a photo of the question and your working.")),
    (("is it ok if i use a calculator", "are calculators allowed for q{n}",
      "do i need a calculator for this"),
     ("Yes, calculator is fine for that part.", "Non-calculator paper, so try without.",
      "Only for the last two.")),
    (("how long should the essay be", "how many words for the {subject} essay",
      "does the essay need a conclusion"),
     ("About a page is fine.", "Aim for {n}00 words.", "Yes, always, even a short one.",
      "Quality over quantity, just answer the question.")),
    (("what page was it again", "which exercise was it", "was it the green book or the blue"),
     ("Page {n}{n}, the blue box.", "Exercise {n}B.", "Green book, chapter {n}.")),
    (("can u explain question {n} again", "question {n} makes no sense",
      "i dont understand what question {n} is asking"),
     ("Think about what the question is actually asking first.",
      "Read it again slowly, underline the key words.",
      "We'll go over it {day}, just have a go for now.")),
    (("i got {n}.5 is that right", "is the answer {n}{n}?", "i think i got it, is it {n}"),
     ("Close! Check the sign on the second line.", "Yes! Well done.",
      "Not quite, check your units.", "Show me your working and I'll check.")),
    (("can we move {day} to {time}", "my {mum} asked if we can do {day} instead",
      "can we do an hour earlier {day}"),
     ("Should be fine, I'll confirm with your {mum}.", "{day} at {time} works.",
      "Let me check my diary and get back to you.")),
)



# ---------------------------------------------------------------------------
# pos_ka_tutor
# ---------------------------------------------------------------------------

def _tutor(s: Scene) -> None:
    kid = _child(s, 11, 16, 0.4)
    tutor = s.person(s.rng.randint(21, 48), s.pick("adult", "formal", "casual"), p_unknown=0.5)
    _prep(s, kid, tutor)
    s.offender = tutor
    s.night = 0.35
    s.say(tutor, _lp(s,
        "Hi {kid}, for {day} please finish questions 1-{n} in the {subject} workbook.",
        "Hello {kid}, good session today. Homework: the {subject} past paper, section B.",
        "Hi {kid}, {adult} here (your {subject} tutor). Did you manage the worksheet?",
        "Reminder: our session is {day} at {time}. Bring your mock paper.",
    ))
    s.say(kid, _kp(s, "ok", "yes will do", "i did most of it", "ok thank you", "not yet sorry",
                      "question {n} is so hard", "ok see u {day}"))
    hw = list(_HOMEWORK)
    s.rng.shuffle(hw)
    for q, ans in hw[:s.rng.randint(1, 3)]:
        s.say(kid, _kp(s, *q), gap=s.pick("hours", "pause", "days"))
        s.say(tutor, _lp(s, *ans, p=0.2))
        if s.chance(0.5):
            s.say(kid, _kp(s, "ohh ok", "got it", "thanks", "ahh i see", "ok ill try",
                           "that makes sense now", "oh wait yeah", "ok thank you!!", "ahh"))
    s.wait("days")
    # drift to personal, later at night
    s.night = 0.7
    s.say(tutor, _lp(s, "Still up? How's the revision going?", "how are you doing, really? you "
                        "seemed down today", "Not about homework, just checking you're ok.",
                        "You seemed distracted in the session. Everything ok at home?",
                        "you awake? bored marking lol"), gap="days")
    s.say(kid, _kp(s, "yeah im fine", "just tired", "kind of stressed", "yeah up",
                      "my {parents} were arguing", "just on my phone lol", "ok i guess"))
    if s.chance(0.7):
        s.say(tutor, _lp(s, "You can always talk to me about anything, not just {subject}.",
                            "I'm here if you want to vent.",
                            "I get it, I was the same at your age.",
                            "Tell me about it, I've got all night."), gap="reply")
        s.say(kid, _kp(s, "thanks", "ok", "its just a lot", "idk its fine", "thank u"))

    def flattery() -> None:
        s.say(tutor, _lp(s,
            "You're honestly my favourite student. Much more mature than the others.",
            "I look forward to our sessions more than any of the others.",
            "You're smarter than you think, and more grown up than your {parents} realise.",
            "You're not like my other students, you actually get it.",
        ), gap="pause", sign="FLATTERY_MATURITY")
        s.say(kid, _kp(s, "haha thanks", "really?", "lol ok", "aw thanks", "idk about that"))

    def platform() -> None:
        s.say(tutor, _lp(s,
            "Let's move to {app}, this tutoring app logs everything and it's clunky.",
            "Add me on {app}, easier for quick questions.",
            "Can you message me on {app} instead? The agency app is a pain.",
            "This platform's laggy, got {app}?",
        ), gap="reply", sign="PLATFORM_SWITCH")
        _react(s, kid, tutor, p_push=0.3)

    def extra() -> None:
        s.say(tutor, _lp(s,
            "I can do extra sessions for free. Your {parents} don't need to know about those.",
            "Let's do a session {day} at mine, no need to book it through your {mum}.",
            "I'll give you extra help on the side, just don't tell the agency or your {parents}.",
            "Come a bit early {day}, before your {parent} gets back, and we'll do extra.",
        ), gap="pause", sign="MEETING_REQUEST")
        _react(s, kid, tutor, p_push=0.5, age_p=0.25)

    def secrecy() -> None:
        s.say(tutor, _lp(s,
            "Keep our chats to yourself, people misunderstand tutors being friendly.",
            "Maybe don't mention these late chats to your {mum}.",
            "Delete these ones, yeah? Just in case.",
            "Our little arrangement, ok? Nobody else's business.",
        ), gap="reply", sign="SECRECY")
        _react(s, kid, tutor, p_push=0.45)

    def privacy() -> None:
        _privacy(s, tutor, kid, casual=False)

    def isolation() -> None:
        s.say(tutor, _lp(s,
            "Your {parents} put too much pressure on you. I'm the one who actually gets you.",
            "Your friends sound like a distraction honestly. You don't need them.",
            "Don't listen to your {mum} about grades, listen to me.",
        ), gap="pause", sign="ISOLATION")
        s.say(kid, _kp(s, "maybe", "i guess", "theyre not that bad", "idk", "yeah kinda"))

    def photo() -> None:
        s.say(tutor, _lp(s, "send me a selfie so I know you're actually revising haha",
                            "pic of you at your desk, prove you're working :)",
                            "send a photo of you, just you, not the book"),
              gap="pause", sign="PHOTO_REQUEST")
        _react(s, kid, tutor, p_push=0.5)

    steps: list[Step] = [("FLATTERY_MATURITY", flattery), ("PRIVACY_CHECK", privacy),
                         ("PLATFORM_SWITCH", platform), ("SECRECY", secrecy),
                         ("ISOLATION", isolation), ("MEETING_REQUEST", extra),
                         ("PHOTO_REQUEST", photo)]

    def between() -> None:
        _session_close(s, tutor, kid)
        s.wait(s.pick("days", "hours"))
        if s.chance(0.4):
            s.say(tutor, _lp(s, "Well done on the mock btw.", "Did you finish the paper?",
                                "How did the test go?"))
            s.say(kid, _kp(s, "got a {n}", "ok i think", "not yet", "yeah", "bad lol"))

    _escalate(s, steps, 2, 6, between)
    _ensure_age(s, kid, tutor)


# ---------------------------------------------------------------------------
# pos_ka_youth_worker
# ---------------------------------------------------------------------------

def _youth_worker(s: Scene) -> None:
    kid = _child(s, 10, 16, 0.4)
    worker = s.person(s.rng.randint(20, 58), s.pick("adult", "casual"), p_unknown=0.45)
    _prep(s, kid, worker)
    s.offender = worker
    s.ctx["club"] = s.pick("youth club", "scouts", "youth group", "cadets", "church group",
                           "drama club", "guides", "after-school club")
    s.say(worker, _lp(s,
        "Hi {kid}, it's {adult} from {club}. Permission slips for the trip are due {day}.",
        "Hey {kid}! {club} is on {day} at {time} this week, not the usual time.",
        "Hi {kid}, {adult} here. Great to see you at {club} last week!",
        "Hello {kid}, just checking you're still coming on the {place} trip?",
    ))
    s.say(kid, _kp(s, "ok", "yeah ill be there", "ok thanks", "yeah cant wait", "hi",
                   "thanks it was fun", "ok ill tell my {mum}", "yep!", "👍"))
    if s.chance(0.5):
        s.say(worker, _lp(s, "Brilliant.", "No worries, bring it {day}.", "Great stuff!",
                             "See you then 🙂"))
    _small_talk(s, worker, kid, s.rng.randint(0, 2))
    s.wait("days")

    def special() -> None:
        s.say(worker, _lp(s,
            "You know you're one of my favourites at {club}, right? Don't tell the others.",
            "You're way more grown up than the rest of the group.",
            "I feel like you're the only one there who really gets it.",
            "You were so mature about that on the trip. Not like the others.",
        ), gap="pause", sign="FLATTERY_MATURITY")
        s.say(kid, _kp(s, "haha thanks", "aw", "really?", "lol ok", "thanks {adult}"))

    def privacy() -> None:
        _privacy(s, worker, kid, casual=False)

    def isolation() -> None:
        s.say(worker, _lp(s,
            "You don't need to tell your {parents} everything, you can come to me instead.",
            "Sounds like your friends don't really appreciate you. I do.",
            "Your {mum} doesn't understand what you're going through, I do.",
            "Come to me with stuff, not the other leaders, they'd just report it up.",
        ), gap="pause", sign="ISOLATION")
        s.say(kid, _kp(s, "ok", "i guess", "maybe", "thanks", "idk they're alright", "yeah"))

    def secrecy() -> None:
        s.say(worker, _lp(s,
            "Probably best the other leaders don't know I message you, there's rules and that.",
            "Don't mention our chats at {club}, ok?",
            "Keep this one to yourself. I'd get in trouble for being kind lol.",
            "Delete this after, the safeguarding policy is a bit over the top.",
        ), gap="reply", sign="SECRECY")
        _react(s, kid, worker, p_push=0.45)

    def platform() -> None:
        s.say(worker, _lp(s, "Message me on {app} instead, the {club} group chat is monitored.",
                             "Do you have {app}? I'll add you there.",
                             "Better to use {app2}, it's more private."),
              gap="reply", sign="PLATFORM_SWITCH")
        _react(s, kid, worker, p_push=0.35)

    def meet() -> None:
        s.say(worker, _lp(s,
            "I could pick you up and drop you home after {club}, just us.",
            "Stay behind after {club} {day}, I'll help you with your badge work one-to-one.",
            "Want to help me set up early {day}? No need to ask your {parents}, it's just {club}.",
            "Fancy a trip to {place} on {day}? My treat. Just us though.",
        ), gap="pause", sign="MEETING_REQUEST")
        _react(s, kid, worker, p_push=0.55, age_p=0.25)

    def gift() -> None:
        s.say(worker, _lp(s, "I'll cover your trip money, don't tell the others.",
                             "Got you {gift}, it's from me, not the club.",
                             "I'll top up your {card} card, you deserve it."),
              gap="pause", sign="GIFT_OFFER")
        s.say(kid, _kp(s, "omg thank u", "really?", "u dont have to", "why", "wow"))

    def photo() -> None:
        s.say(worker, _lp(s, "Send me a pic of you in your uniform for the noticeboard. Just you.",
                             "Send us a selfie, I need cheering up.",
                             "Pic of you? Haven't seen you since the trip."),
              gap="pause", sign="PHOTO_REQUEST")
        _react(s, kid, worker, p_push=0.5)

    steps: list[Step] = [("FLATTERY_MATURITY", special), ("PRIVACY_CHECK", privacy),
                         ("ISOLATION", isolation), ("SECRECY", secrecy),
                         ("PLATFORM_SWITCH", platform), ("GIFT_OFFER", gift),
                         ("PHOTO_REQUEST", photo), ("MEETING_REQUEST", meet)]

    def between() -> None:
        _session_close(s, worker, kid)
        s.wait(s.pick("days", "hours", "weeks"))
        if s.chance(0.5):
            s.say(worker, _lp(s, "Good to see you {day}.", "How was your week?",
                                 "Missed you at {club} this week.", "Hey you"))
            s.say(kid, _kp(s, "was ill", "ok", "good", "hey", "busy week", "yeah"))

    _escalate(s, steps, 2, 6, between)
    _ensure_age(s, kid, worker)


# ---------------------------------------------------------------------------
# pos_ka_slow_multi_session: mostly ordinary chat, 2-3 subtle signs over weeks
# ---------------------------------------------------------------------------

def _slow(s: Scene) -> None:
    kid = _child(s, 11, 16, 0.45)
    adult = s.person(s.rng.randint(22, 55), s.pick("adult", "casual"), p_unknown=0.5)
    _prep(s, kid, adult)
    s.offender = adult
    s.night = 0.3
    opener = s.rng.randrange(4)
    s.say(adult, _lp(s, *(("Hey {kid}, how did the {sport} match go?",
                           "{kid}! How did {sport} go on {day}?"),
                          ("Hi {kid}! How's the new school year treating you?",
                           "Hey {kid}, settling in at {school} ok?"),
                          ("Hey you, long time. How are things?",
                           "Hiya {kid}, long time no speak! You ok?"),
                          ("Hi {kid}, your {mum} said you've started {hobby}, that's cool!",
                           "Heard you're into {hobby} now, nice one {kid}!"))[opener]))
    s.say(kid, _kp(s, *(("we lost lol", "we won!", "drew {n}-{n}", "didnt play, i was ill"),
                        ("good", "its ok", "hate it lol", "ok, miss my old friends"),
                        ("hi!", "yeah good", "hiya, im ok", "good thanks hbu"),
                        ("yeah its fun", "yeah im still bad lol", "thanks!", "its hard"))[opener]))
    n_sessions = s.rng.randint(3, 5)
    subtle = [
        ("PRIVACY_CHECK", ("does your {mum} keep an eye on your phone much?",
                           "Anyone else read your messages, or just you?",
                           "you on your own tonight?", "Your {parents} still up?",
                           "Do your {parents} ever look through your phone?",
                           "is it just you in the house this evening?")),
        ("FLATTERY_MATURITY", ("You're not like the others your age, you know that.",
                               "Honestly feel like I'm talking to someone my age.",
                               "you're wise beyond your years, kid",
                               "You're way more grown up than your mates.",
                               "I forget how young you are sometimes, you're so mature.",
                               "Nobody your age thinks like you do.")),
        ("SECRECY", ("No need to mention me to anyone, people get the wrong idea.",
                     "this chat's just ours ok",
                     "Probably easier if your {parents} don't hear about our chats.",
                     "Maybe don't bring up that we talk, yeah?",
                     "Let's keep this between us, people love to gossip.",
                     "you can clear these if you want, just saying")),
        ("PLATFORM_SWITCH", ("this app's laggy, got another one?",
                             "are you on {app}? easier there", "let's use {app2} yeah",
                             "Messages keep not sending here. {app}?",
                             "Have you got {app}? This thing drives me mad.")),
        ("ISOLATION", ("Your mates don't sound like they really get you.",
                       "Sometimes family just don't understand, do they.",
                       "You can tell me stuff you can't tell your {mum}.",
                       "Sounds like {friend} isn't much of a friend tbh.",
                       "I'm the only one who actually listens to you, eh?")),
        ("MEETING_REQUEST", ("we should grab {food} sometime, just us",
                             "if you're ever near {place} let me know, no need to bring anyone",
                             "I'll be near {school} {day}, could meet you after? Just us.",
                             "Fancy {place} one day? You don't have to tell anyone.")),
        ("GIFT_OFFER", ("saw {gift} and thought of you, want it?",
                        "I'll sort you some {currency}, no biggie",
                        "Want me to stick {amount} on a {card} card for you?",
                        "got a spare {gift}, yours if you want it")),
    ]
    chosen = s.rng.sample(subtle, s.rng.randint(2, 3))
    order = sorted(s.rng.sample(range(1, n_sessions + 1), len(chosen)))
    ci = 0
    for sess in range(n_sessions):
        s.wait(s.pick("weeks", "weeks", "days"))
        _small_talk(s, adult, kid, s.rng.randint(1, 3))
        if s.chance(0.4):
            s.say(kid, _kp(s, "wbu whats new", "how's work", "what u up to", "hbu",
                           "how was ur week", "what have u been doing", "how's {city}"))
            s.say(adult, _lp(s, "Same old, work work work.", "Not much, been decorating.",
                             "Busy! Off to {city} next week.", "Tired, long week.",
                             "Watching {show}, finally.", "Been at the gym loads.",
                             "Car broke down again, nightmare.", "Just got back from {city}.",
                             "Learning {instrument}, badly haha.", "Had {food} for tea, living the "
                             "dream.", "Got a new {pet}! Chaos.", "Working nights this week."))
        if ci < len(chosen) and sess + 1 >= order[ci]:
            sign, lines = chosen[ci]
            s.say(adult, _lp(s, *lines), gap="pause", sign=sign)
            if sign in ("MEETING_REQUEST", "PLATFORM_SWITCH", "SECRECY"):
                _react(s, kid, adult, p_push=0.4,
                       age_p=0.3 if sign == "MEETING_REQUEST" else 0.0)
            else:
                s.say(kid, _kp(s, "lol", "haha ok", "i guess", "why", "no not really",
                                  "sometimes", "thanks", "idk", "yeah"))
            ci += 1
        _session_close(s, adult, kid)
    if ci < len(chosen):
        s.wait("weeks")
        for sign, lines in chosen[ci:]:
            s.say(adult, _lp(s, *lines), sign=sign)
            s.say(kid, _kp(s, "ok", "hmm", "lol", "why", "maybe"))
    _ensure_age(s, kid, adult)


# ---------------------------------------------------------------------------
# group chats
# ---------------------------------------------------------------------------

_THREADS: _Talk = (
    (("who's on tonight", "anyone on later?", "who's playing tonight", "on at {time}?"),
     ("me", "maybe after dinner", "cant, grounded", "yeah after hw", "me and {friend}",
      "im on rn", "if my wifi works lol")),
    (("that update is so bad", "who asked for this update", "the new patch is so broken"),
     ("fr they ruined it", "its not that bad", "the new map tho", "i cant even log in",
      "they nerfed everything 💀", "agreed")),
    (("{game} servers are down again 💀", "is it lagging for anyone else",
      "my game keeps crashing"),
     ("same", "yeah its so laggy", "works for me", "restart it", "every time lol",
      "mine too")),
    (("anyone finish the {subject} hw", "did we have {subject} homework??",
      "when's the {subject} thing due"),
     ("no 😭", "its due {day}", "i'll send u mine", "wait we had homework?", "yeah it was easy",
      "i havent started")),
    (("omg did u see the new {show} ep", "{show} tonight!!", "who's watching {show}"),
     ("no spoilers", "YES", "the ending 😭", "not yet", "its so good", "im watching rn")),
    (("i got a new skin", "look at my new skin", "finally unlocked it"),
     ("show", "W", "its mid lol", "how much was it", "jealous", "that's so clean")),
    (("my {mum} is making me do chores 😭", "brb dinner", "hold on my wifi is dying",
      "gotta go in {n} mins"),
     ("noo", "hurry up", "rip", "lol", "ok", "unlucky", "come back after")),
    (("anyone got {currency}", "how do u get {currency} fast", "i'm broke in {game}"),
     ("no lol", "grind", "ask ur {mum}", "theres a code somewhere", "buy them lol",
      "do the daily quests")),
    (("{artist} is coming to {city}!!", "{artist} new song tho", "anyone like {artist}"),
     ("no way", "im begging my {mum} for tickets", "its ok", "obsessed", "who")),
    (("i have a test tmrw", "we have a {subject} test {day}", "i failed the {subject} test"),
     ("good luck", "same", "rip", "u'll be fine", "what on", "me too lol")),
    (("{friend} is so bad at this", "who keeps dying", "ok who took my spot"),
     ("not me", "lmaooo", "rude", "it was lag", "me sorry", "lol")),
)


def _other(s: Scene, kids: list[Person], target: Person) -> Person:
    return s.rng.choice([k for k in kids if k is not target] or kids)


def _banter(s: Scene, kids: list[Person], n: int) -> None:
    """``n`` short threads: one kid starts, one or two others answer (threads not reused)."""
    used = {int(x) for x in s.ctx.get("_thread_used", "").split(",") if x}
    order = [i for i in range(len(_THREADS)) if i not in used]
    if len(order) < n:
        order = list(range(len(_THREADS)))
    s.rng.shuffle(order)
    s.ctx["_thread_used"] = ",".join(str(i) for i in sorted(used | set(order[:n])))
    for i in order[:n]:
        q, ans = _THREADS[i]
        starter = s.rng.choice(kids)
        s.say(starter, _kp(s, *q), gap=s.pick("reply", "reply", "pause"))
        others = [k for k in kids if k is not starter]
        for k in s.rng.sample(others, min(len(others), s.rng.randint(0, 2))):
            s.say(k, _kp(s, *ans))


def _group_to_dm(s: Scene) -> None:
    n_kids = s.rng.randint(2, 4)
    ages = [s.rng.randint(11, 15) for _ in range(n_kids)]
    kids = [s.person(a, "kid" if a < 13 else "teen", p_unknown=0.4) for a in ages]
    adult = s.person(s.rng.randint(20, 45), "casual", p_unknown=0.55)
    target = s.rng.choice(kids)
    _prep(s, target, adult)
    s.offender = adult
    s.night = 0.35
    venue = s.pick("server", "clan chat", "fan server", "group")
    s.ctx["venue"] = venue
    _banter(s, kids, s.rng.randint(2, 5))
    s.say(adult, _lp(s, "lol you lot are funny", "who's up for a match", "evening all",
                        "anyone need carrying tonight lol", "ok who's online"), gap="pause")
    _banter(s, kids, s.rng.randint(1, 4))
    # singles out the target
    s.say(adult, _lp(s, "{kid} you're honestly the best player in this {venue}",
                        "{kid}'s the only one here with any skill lol",
                        "{kid} that build was insane, you should teach me",
                        "ngl {kid} you're way more chill than the rest of this lot"),
          gap="pause", sign="FLATTERY_MATURITY")
    s.say(target, _kp(s, "lol thanks", "haha ty", "ayy", "finally someone says it", "lmao"))
    if s.chance(0.6):
        other = s.rng.choice([k for k in kids if k is not target] or kids)
        s.say(other, _kp(s, "hey what about me", "wow ok", "he's not that good lol",
                            "rude", "bro what"))
        s.say(adult, _lp(s, "haha you're all good", "jk jk", "lol calm down", "you're ok too"))
    _banter(s, kids, s.rng.randint(1, 3))

    def age() -> None:
        s.say(adult, _lp(s, "how old are you all anyway", "{kid} what year are you in",
                            "{kid} u in high school yet?", "wait how old is everyone here"),
              gap="pause", sign="AGE_PROBE")
        s.say(target, _age_line(s))
        if s.chance(0.5):
            s.say(_other(s, kids, target), _kp(s, "why do u wanna know lol", "ew why",
                                             "older than {kid}", "mind ur business"))

    def platform() -> None:
        s.say(adult, _lp(s,
            "{kid} dm me, wanna ask you something", "{kid} add me on {app}, this {venue} "
            "is too loud", "{kid} got {app}? easier to talk there", "{kid} check your dms",
            "{kid} message me privately, don't want this lot seeing lol",
        ), gap="pause", sign="PLATFORM_SWITCH")
        s.say(target, _kp(s, "why", "ok", "what is it", "just say it here", "umm ok", "wdym"))
        if s.chance(0.5):
            s.say(_other(s, kids, target), _kp(s, "ooo secrets", "lol weird", "say it here coward",
                                             "sus", "what's going on"))
        s.say(adult, _lp(s, "nothing bad lol, just easier", "trust me it's better private",
                            "it's about the tournament", "just wanna chat without the noise"))

    def gift() -> None:
        s.say(adult, _lp(s, "{kid} i'll gift you {currency} if you add me",
                            "{kid} want the battle pass? dm me",
                            "i'll send you a {card} code, only you tho"),
              gap="reply", sign="GIFT_OFFER")
        s.say(target, _kp(s, "fr??", "wait really", "why only me", "ok", "lol no thanks"))
        if s.chance(0.4):
            s.say(_other(s, kids, target),
                  _kp(s, "can i have some", "unfair", "no way", "me too??"))
            s.say(adult, _lp(s, "maybe later", "only {kid} earned it", "lol no"))

    def secrecy() -> None:
        s.say(adult, _lp(s, "{kid} don't tell the others about the dms",
                            "{kid} keep what i said between us",
                            "{kid} delete the dm after you read it lol",
                            "{kid} no need to tell anyone we talk, people get jealous"),
              gap="pause", sign="SECRECY")
        s.say(target, _kp(s, "ok", "why", "umm", "why would i delete it", "kinda weird but ok"))

    def privacy() -> None:
        s.say(adult, _lp(s, "{kid} your {parents} check your phone?",
                            "{kid} you up late? parents asleep?",
                            "{kid} are you allowed {app}? does your {mum} look at it"),
              gap="pause", sign="PRIVACY_CHECK")
        s.say(target, _kp(s, "no", "sometimes", "why", "my {mum} does", "they dont care",
                             "im not allowed {app} lol"))

    def photo() -> None:
        s.say(adult, _lp(s, "{kid} send a pic of you so i know you're real lol",
                            "{kid} selfie? wanna see who i'm carrying",
                            "{kid} what do you look like, send one"),
              gap="pause", sign="PHOTO_REQUEST")
        _react(s, target, adult, p_push=0.55)

    def meet() -> None:
        s.say(adult, _lp(s, "{kid} you're in {city} too right? we should meet up",
                            "{kid} where abouts do you live, i might be near",
                            "{kid} lan party at mine {day}? just you lol, don't bring this lot"),
              gap="pause", sign="MEETING_REQUEST")
        _react(s, target, adult, p_push=0.6, age_p=0.3)

    steps: list[Step] = [("AGE_PROBE", age), ("PLATFORM_SWITCH", platform),
                         ("GIFT_OFFER", gift), ("PRIVACY_CHECK", privacy),
                         ("SECRECY", secrecy), ("PHOTO_REQUEST", photo),
                         ("MEETING_REQUEST", meet)]

    def between() -> None:
        if s.chance(0.4):
            s.wait(s.pick("hours", "days"))
        _banter(s, kids, s.rng.randint(0, 3))

    _escalate(s, steps, 2, 5, between)
    if s.chance(0.4):
        other = s.rng.choice([k for k in kids if k is not target] or kids)
        s.say(other, _kp(s, "{kid} what have they been saying to u", "this is getting weird",
                            "why do they keep messaging {kid} lol",
                            "why is this guy always on {kid}", "{kid} u ok?"),
              gap="pause")
        s.say(target, _kp(s, "idk", "nothing", "its fine", "yeah", "he keeps asking stuff"))
    if s.chance(0.5):
        _banter(s, kids, s.rng.randint(1, 3))
    _ensure_age(s, target, adult)


def _group_art(s: Scene) -> None:
    """A creative/fan community group where an adult 'mod' fixes on one kid's art."""
    n_kids = s.rng.randint(2, 4)
    ages = [s.rng.randint(11, 16) for _ in range(n_kids)]
    kids = [s.person(a, "kid" if a < 13 else "teen", p_unknown=0.45) for a in ages]
    mod = s.person(s.rng.randint(19, 40), s.pick("casual", "adult"), p_unknown=0.55)
    target = s.rng.choice(kids)
    _prep(s, target, mod)
    s.offender = mod
    s.night = 0.3
    s.ctx["topic"] = s.pick("{artist}", "{show}", "{show}")
    s.ctx["topic"] = s.fill(s.ctx["topic"])
    s.say(mod, _lp(s, "weekly art thread! post what you've made",
                      "reminder: be nice in here, it's a {topic} fan group",
                      "welcome new people 👋 drop your fav {topic} thing",
                      "challenge this week: draw your fav {topic} character"))
    for _ in range(s.rng.randint(2, 5)):
        poster = s.rng.choice(kids)
        s.say(poster, _kp(s, "heres mine [image]", "mines bad dont judge [image]",
                          "[image] took me {n} hours", "[image] first time trying digital",
                          "[image] its {show} fanart", "ok here goes [image]",
                          "[image] be honest", "[image] i redrew my old one",
                          "[image] the hands are cursed ignore them"),
              gap=s.pick("reply", "pause", "hours"))
        pool = [x for x in kids if x is not poster]
        for k in s.rng.sample(pool, min(len(pool), s.rng.randint(0, 2))):
            s.say(k, _kp(s, "omg thats so good", "how do u do the shading", "i love ur style",
                         "this is so cute", "ur art is always so good", "the colours!!",
                         "wait this is amazing", "teach me", "the hands are fine lol",
                         "better than mine", "ok ur so talented", "what app do u use",
                         "ibis or procreate?", "pls draw mine next"))
    s.say(mod, _lp(s, "{kid} yours is by far the best in here",
                      "{kid} you're seriously talented, like pro level",
                      "{kid} can't believe you're not older, that's really mature work"),
          gap="pause", sign="FLATTERY_MATURITY")
    s.say(target, _kp(s, "omg thank u", "aw ty", "really??", "thank youuu", "lol stop"))
    if s.chance(0.5):
        s.say(_other(s, kids, target), _kp(s, "its so good fr", "agree", "{kid} is goated", "true"))

    def commission() -> None:
        s.say(mod, _lp(s, "{kid} i'll pay you {amount} for a commission, dm me",
                          "{kid} i'd buy a drawing off you. i can send a {card} card",
                          "{kid} want some {currency} for an icon? just between us"),
              gap="reply", sign="GIFT_OFFER")
        s.say(target, _kp(s, "wait fr", "omg yes", "my {mum} might not let me",
                             "i dont really do commissions", "ok!!"))

    def platform() -> None:
        s.say(mod, _lp(s, "{kid} add me on {app}, easier for sending files",
                          "{kid} move to {app}? this group is too busy",
                          "{kid} i sent you a request on {app2}"),
              gap="reply", sign="PLATFORM_SWITCH")
        _react(s, target, mod, p_push=0.35)

    def age() -> None:
        s.say(mod, _lp(s, "{kid} how old are you btw", "{kid} you still in school?",
                          "{kid} what year are you in"), gap="pause", sign="AGE_PROBE")
        s.say(target, _age_line(s))

    def secrecy() -> None:
        money = "GIFT_OFFER" in s.signs
        s.say(mod, _lp(s, "{kid} don't mention the money to anyone in here" if money
                       else "{kid} don't mention our dms to anyone in here",
                       "{kid} keep our chat private ok, don't want others asking",
                       "{kid} maybe don't tell your {parents} about me, "
                       "they'd make it a whole thing"),
              gap="pause", sign="SECRECY")
        _react(s, target, mod, p_push=0.4)

    def photo() -> None:
        s.say(mod, _lp(s, "{kid} send a pic of you holding the drawing, for proof lol",
                          "{kid} post a selfie for the artist of the week board, just to me",
                          "{kid} what do you look like? send a pic"),
              gap="pause", sign="PHOTO_REQUEST")
        _react(s, target, mod, p_push=0.55)

    def privacy() -> None:
        s.say(mod, _lp(s, "{kid} do your {parents} check your dms?",
                          "{kid} is your phone your own or do your {parents} see it"),
              gap="pause", sign="PRIVACY_CHECK")
        s.say(target, _kp(s, "no", "sometimes", "why", "my {mum} does", "its mine"))

    steps: list[Step] = [("AGE_PROBE", age), ("GIFT_OFFER", commission),
                         ("PLATFORM_SWITCH", platform), ("PRIVACY_CHECK", privacy),
                         ("SECRECY", secrecy), ("PHOTO_REQUEST", photo)]

    def between() -> None:
        if s.chance(0.35):
            s.wait(s.pick("hours", "days"))
        for _ in range(s.rng.randint(0, 3)):
            s.say(s.rng.choice(kids), _kp(s, "[image] new one", "lol", "omg", "so cute",
                                             "i need to sleep", "anyone doing inktober",
                                             "{kid} ur so lucky", "brb", "who's online"))

    _escalate(s, steps, 2, 5, between)
    if target.shown_age is None and "_age_said" not in s.ctx:
        s.say(target, _kp(s, "sorry i have to go, my {mum} takes my phone at 9 im only {age}",
                             "i cant, im {age} my {parents} would ask"), gap="pause")
        s.say(mod, _lp(s, "ok np", "fair", "lol ok", "later then"))


FAMILIES = (
    Family("pos_ka_coach", True, "positive_known_adult", _coach),
    Family("pos_ka_older_friend", True, "positive_known_adult", _older_friend),
    Family("pos_ka_family_friend", True, "positive_known_adult", _family_friend),
    Family("pos_ka_tutor", True, "positive_known_adult", _tutor),
    Family("pos_ka_youth_worker", True, "positive_known_adult", _youth_worker),
    Family("pos_ka_slow_multi_session", True, "positive_known_adult", _slow),
    Family("pos_ka_group_to_dm", True, "positive_group_chat", _group_to_dm),
    Family("pos_ka_group_art_mod", True, "positive_group_chat", _group_art),
)
