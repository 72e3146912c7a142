"""Family hard negatives: relatives and family friends texting children.

Every family here is NEGATIVE. Parents, grandparents, aunts, uncles, older siblings,
step-parents, neighbours and godparents talk to children with exactly the words that also
show up in grooming ("are you alone?", "send me a pic", "our little secret", "don't tell
your dad", "delete that", "I'll pick you up", "how old are you now?!", "add me on snap"),
but in innocent contexts: a pickup, a surprise party, birthday money, a pet-sitting job,
a worried parent at midnight. The people are plainly family, the parents are in the loop,
and the secrets are surprises. Two ``benign_`` families add plain family small talk.

Per conversation a regional flavour (UK, US, Irish, Australian, Indian English) fills
module-local slots such as ``{mum}``, ``{gran}``, ``{cash}`` and ``{jumper}``.
"""

from __future__ import annotations

import re
from datetime import timedelta

from training.families.scene import Family, Person, Scene

Pool = tuple[str, ...]

_PET_NAMES: Pool = ("Biscuit", "Milo", "Luna", "Pepper", "Bella", "Oscar", "Daisy", "Mochi",
                    "Ziggy", "Coco", "Simba", "Nugget", "Bruno", "Willow", "Peanut", "Toffee")

_REGIONS: dict[str, dict[str, Pool]] = {
    "uk": {
        "mum": ("mum", "mum", "mam"), "dad": ("dad",),
        "gran": ("Nana", "Nan", "Granny", "Gran", "Nanny"),
        "grandad": ("Grandad", "Grandpa", "Pops"),
        "cash": ("£10", "£20", "£15", "£25"), "cash_big": ("£50", "£40", "£30", "£100"),
        "jumper": ("jumper", "cardigan", "jumper"), "shoes": ("trainers",),
        "dinner": ("tea", "dinner"), "candy": ("sweets",), "fries": ("chips",),
        "holiday": ("holiday",), "mate": ("mate", "hun", "love"),
    },
    "us": {
        "mum": ("mom",), "dad": ("dad",),
        "gran": ("Grandma", "Nana", "Gramma", "Grammy"),
        "grandad": ("Grandpa", "Pop-pop", "Papa"),
        "cash": ("$10", "$20", "$25", "$15"), "cash_big": ("$50", "$100", "$40", "$60"),
        "jumper": ("sweater", "hoodie"), "shoes": ("sneakers",),
        "dinner": ("dinner",), "candy": ("candy",), "fries": ("fries",),
        "holiday": ("vacation",), "mate": ("bud", "kiddo", "sweetie"),
    },
    "ie": {
        "mum": ("mam", "mum", "ma"), "dad": ("dad", "da"),
        "gran": ("Nana", "Granny", "Nanny"),
        "grandad": ("Grandad", "Granda"),
        "cash": ("€10", "€20", "€15"), "cash_big": ("€50", "€40", "€100"),
        "jumper": ("jumper",), "shoes": ("runners",),
        "dinner": ("dinner", "tea"), "candy": ("sweets",), "fries": ("chips",),
        "holiday": ("holidays",), "mate": ("pet", "love", "chicken"),
    },
    "au": {
        "mum": ("mum",), "dad": ("dad",),
        "gran": ("Nan", "Nanna", "Grandma"),
        "grandad": ("Pop", "Grandad"),
        "cash": ("$10", "$20", "$25"), "cash_big": ("$50", "$100"),
        "jumper": ("jumper", "hoodie"), "shoes": ("runners",),
        "dinner": ("tea", "dinner"), "candy": ("lollies",), "fries": ("chips",),
        "holiday": ("holidays",), "mate": ("mate", "love", "matey"),
    },
    "in": {
        "mum": ("mom", "mumma", "mummy"), "dad": ("papa", "dad"),
        "gran": ("Nani", "Dadi", "Granny"),
        "grandad": ("Nanu", "Dadu", "Grandpa"),
        "cash": ("₹200", "₹500", "₹300"), "cash_big": ("₹1000", "₹2000", "₹1500"),
        "jumper": ("sweater",), "shoes": ("shoes", "sneakers"),
        "dinner": ("dinner",), "candy": ("chocolates",), "fries": ("fries",),
        "holiday": ("vacation", "holidays"), "mate": ("beta", "baby", "dear"),
    },
}


_KID_PRE: Pool = ("omg ", "wait ", "lol ", "ok ", "um ", "ya ", "haha ", "oh ", "hmm ", "ahh ")
_KID_POST: Pool = (" lol", " haha", "!!", " 😅", " lmao", " tho", " 😂", " hehe", "...")
_ADULT_PRE: Pool = ("Ok, ", "Right, ", "Oh ", "Ah ", "Well, ", "Hmm, ", "Okay. ", "So ")
_ADULT_POST: Pool = (" x", " :)", " 🙂", " xx", " 😊", " x", " ❤️")
_NO_LOWER = ("I", "I'm", "I'll", "I've", "I'd")
_SERIOUS = re.compile(r"\b(mean|dont know|don't know|weird|random|worried|hospital|sad|"
                      r"failed|detention|block|report|ignoring|laugh at)\b", re.IGNORECASE)


def _say(s: Scene, who: Person, text: str, *, gap: str = "reply") -> None:
    """``Scene.say`` with occasional natural fillers ("omg", "lol", "Right,", " x")."""
    text = s.fill(text)
    if _SERIOUS.search(text):
        s.say(who, text, gap=gap)
        return
    first = text.split(" ", 1)[0].rstrip(",.!?")
    young = who.age < 18
    if s.chance(0.13 if young else 0.1) and first not in s.ctx.values():
        pre = s.pick(*(_KID_PRE if young else _ADULT_PRE))
        if not text.lower().startswith(pre.strip().lower().rstrip(",.")):
            keep = first in _NO_LOWER or text[1:2].isupper()
            body = text if keep else text[:1].lower() + text[1:]
            text = pre + body
    if s.chance(0.12) and text[-1:] not in "?!😂😭":
        if young:
            text = text.rstrip(".") + s.pick(*_KID_POST)
        elif who.pid in s.ctx.get("_warm", "").split():
            text = text + s.pick(*_ADULT_POST)
    s.say(who, text, gap=gap)


def _warm(s: Scene, *people: Person) -> None:
    """Mark adults who may end a message with " x" or "Love you." (close family)."""
    s.ctx["_warm"] = " ".join([s.ctx.get("_warm", ""), *(p.pid for p in people)]).strip()


def _setup(s: Scene) -> str:
    """Choose a region and fill the module's extra slots; returns the region key."""
    rng = s.rng
    region = rng.choices(list(_REGIONS), weights=(3.0, 4.0, 2.0, 1.5, 1.5))[0]
    for key, opts in _REGIONS[region].items():
        s.ctx[key] = rng.choice(opts)
    names = [n for n in ("Emma", "Liam", "Olivia", "Noah", "Ava", "Mason", "Sophia", "Lucas",
                         "Mia", "Ethan", "Zoe", "Leo", "Chloe", "Jayden", "Lily", "Aiden",
                         "Maya", "Caleb", "Aria", "Owen", "Nora", "Eli", "Hannah", "Ryan",
                         "Ruby", "Jack", "Amira", "Priya", "Omar", "Grace", "Finn", "Kai",
                         "Freya", "Theo", "Sam", "Jess", "Max", "Ben", "Zara", "Felix")
             if n != s.ctx["kid"]]
    sib, pal, pal2 = rng.sample(names, 3)
    s.ctx["sib"], s.ctx["pal"], s.ctx["pal2"] = sib, pal, pal2
    s.ctx["petname"] = rng.choice(_PET_NAMES)
    s.ctx["spot"] = rng.choice(("{place}", "{pal}'s house", "school", "{sport} practice",
                                "the station", "the leisure centre", "{pal}'s party",
                                "the youth club", "{place}", "drama club"))
    s.ctx["spot"] = s.fill(s.ctx["spot"])
    return region


def _kid(s: Scene, lo: int = 10, hi: int = 16, *, p_unknown: float | None = None) -> Person:
    age = s.rng.randint(lo, hi)
    pu = s.rng.uniform(0.05, 0.2) if p_unknown is None else p_unknown
    s.ctx["age"] = str(age)
    return s.person(age, "kid" if age < 13 else "teen", p_unknown=pu)


def _adult(s: Scene, lo: int, hi: int, voices: Pool = ("adult", "casual", "adult")) -> Person:
    return s.person(s.rng.randint(lo, hi), s.rng.choice(voices),
                    p_unknown=s.rng.uniform(0.05, 0.2))


# ---------------------------------------------------------------------------
# Shared small talk: an older relative catching up with a child
# ---------------------------------------------------------------------------

Group = tuple[Pool, Pool]
Topic = tuple[Pool, tuple[Group, ...]]

_CATCHUP: tuple[Topic, ...] = (
    (("How was school today?", "How was school, {mate}?", "Good day at school?",
      "How'd school go?", "Survive school today?", "Anything good happen at school?",
      "How's school going these days?", "How's {school} treating you?", "School ok today?"),
     ((("good", "pretty good actually", "actually fun, we did a quiz in {subject}",
        "good we had a sub in {subject}", "we watched a film in {subject}", "good, short day"),
       ("Oh nice!", "Good stuff.", "Glad to hear it.", "Lucky you!", "Love that.")),
      (("boring lol", "long. so long", "{subject} was sooo boring", "meh",
        "we had a fire drill in the rain 😭", "tiring, we had {sport} in the cold",
        "ok. lunch was bad"),
       ("Ha, sounds about right.", "Poor you.", "Well done for surviving.",
        "Only {n} more weeks till the {holiday}!", "Tomorrow's another day.")),
      (("{pal} got sent out of {subject} lol", "someone set off the fire alarm lol"),
       ("Ha! What did they do?", "Oh dear.", "Classic.", "Not you I hope!")),
      (("fine", "ok i guess", "it was alright"),
       ("Fair enough.", "Just fine?", "High praise.", "Ok, tell me later.")))),
    (("Did you get your {subject} test back?", "How did the {subject} test go?",
      "Still finding {subject} hard?", "How's {subject} going this term?"),
     ((("got a B!", "yeah got 18 out of 20", "i got the top mark in the class!!",
        "better than last time", "kinda, its getting easier"),
       ("That's brilliant, well done!", "Proud of you.", "Told you you'd be fine.",
        "All that work paid off.")),
      (("not yet", "the teacher hasnt marked them", "on {day} i think"),
       ("Fingers crossed.", "Let me know when you do.", "I'm sure it's fine.")),
      (("dont ask", "not great", "i think i failed", "its so hard"),
       ("Oh love. We'll look at it together.", "One test doesn't matter. Want help?",
        "Don't worry, you tried your best.", "Let me know if you want help.")))),
    (("When's your {subject} exam?", "Have you done your {subject} homework?",
      "Is your {subject} project done?", "Revising for {subject}?"),
     ((("next week 😬", "its on {day}", "friday", "not till next month"),
       ("Do a bit each night and it'll be fine.", "You'll be fine, you always are.",
        "Plenty of time then.", "Want me to test you?")),
      (("half done", "its due {day} 😩", "i have to make a poster about volcanoes",
        "nearly"),
       ("Better get it done before the weekend then.",
        "Volcanoes! I did that at school too.", "Nearly is good. Keep going.")),
      (("yes", "done!", "did it at lunch"), ("Good.", "Great stuff.", "Look at you!")))),
    (("What did you have for lunch?", "Have you eaten?", "Have you eaten anything today?",
      "Hungry?"),
     ((("yeah had a sandwich", "{food}", "i had {fries} at {place}", "pasta again",
        "the canteen had {food} but it was cold"),
       ("Good.", "Lovely.", "Ha, ok.", "As long as you ate something.")),
      (("not hungry", "cereal lol", "nothing yet", "just {candy}"),
       ("Cereal isn't a meal!", "Eat something proper please.", "{candy} doesn't count!")),
      (("starving", "so hungry"), ("There's {food} in the fridge.", "Have some toast.")))),
    (("What do you fancy for {dinner}?", "Do you still like {food}?",
      "Shall we do {food} on {day}?"),
     ((("{food}", "{food} obvs", "can we get {food}", "{food} pls pls pls", "yes!!",
        "anything thats not soup"),
       ("{food} it is then.", "Ha, noted.", "I'll see what I can do.", "Okay, you win.",
        "We'll see.", "I'll make {food} then.")),)),
    (("Still playing {game}?", "How's the {game} going?", "Are you still obsessed with {game}?",
      "What are you playing these days?", "Who are you playing {game} with these days?"),
     ((("yeah got a new skin", "{game} mostly", "i got to level {n}0", "yes its so good",
        "i built a whole castle", "im trying to get the new season pass"),
       ("Ha, you'll have to show me.", "I don't understand any of that but well done.",
        "Nice one.", "Sounds intense.", "As long as homework's done!")),
      (("me and {pal} play every day", "{pal} and {pal2} from school"),
       ("Nice, as long as it's people you know.", "Say hi to {pal}.",
        "Don't stay up too late on it.")),
      (("stuck on the boss", "not really, got bored"),
       ("Maybe you can teach me sometime.", "Have a break from it then.",
        "You'll get it.")))),
    (("Have you watched the new {show}?", "What are you watching at the moment?",
      "Still watching {show}?", "Any good shows I should watch?", "Seen any good films?"),
     ((("{show}!!", "yeah its so good", "watch {show} its good", "rewatching {show} again lol"),
       ("I'll give it a go.", "I'll add it to the list.", "Maybe, if you watch it with me.")),
      (("no spoilers", "finished it already"), ("No spoilers, promise.", "Already?!")),
      (("you wouldnt like it", "nothing rn"),
       ("Ha, I'm too old for that apparently.", "Fair enough.")))),
    (("How was {sport}?", "How was {sport} today?", "How's {sport} going?",
      "How's training with {team}?"),
     ((("we won!!", "good i scored", "got player of the match"),
       ("Brilliant!", "Go on!", "Well done you.", "Proud of you!")),
      (("lost 3-1", "we lost again", "cancelled cause of rain"),
       ("Unlucky, next time.", "Ah, shame.", "Oh well.")),
      (("coach made us run laps", "so tired"),
       ("You'll be sore tomorrow!", "Early night then.", "Good for you!")),
      (("i hurt my ankle a bit but its fine",),
       ("Ice on that ankle please.", "Oh no! Rest it.")))),
    (("How's {petname}?", "Is {petname} behaving?", "How's that {pet} of yours?"),
     ((("sleeping on my bed lol", "yep fat and happy", "so cute today", "{petname} says hi"),
       ("Bless.", "Aww.", "Give them a treat from me.")),
      (("being weird", "ate my sock", "being a menace", "{petname} got into the bin again"),
       ("Ha, typical.", "Naughty thing.", "Not the bin again!")))),
    (("How's {pal} doing?", "Seen {pal} lately?", "Are you and {pal} friends again?"),
     ((("yeah were fine now", "we made up", "good, we went to {place} on {day}"),
       ("Good, glad you sorted it.", "Ah that's nice.", "Say hi from me.")),
      (("{pal} is annoying lol", "were not really talking"),
       ("Friends fall out, it happens.", "Give it a few days.")),
      (("{pal}'s moving schools 😢", "{pal}'s moving to {city}"),
       ("Oh no, that's sad.", "You can still keep in touch.")))),
    (("Any plans for the weekend?", "What are you up to on {day}?",
      "Doing anything fun this week?", "What are you doing in the {holiday}?"),
     ((("{pal}'s birthday", "going to {place} maybe", "going to {city} to see {gran}"),
       ("Sounds good.", "Enjoy!", "Have fun.", "Give {gran} my love.")),
      (("nothing", "sleeping lol", "idk yet"), ("Lazy weekend, fair enough.", "Well deserved.")),
      (("homework 😩", "{sport} then homework"), ("Poor you.", "Get it done early!")))),
    (("Still doing {hobby}?", "How's the {instrument} going?", "Still listening to {artist}?",
      "Still got your {instrument} lessons?"),
     ((("yeah a bit", "learned a new song", "practising every day",
        "i made something cool ill show you", "{artist} is the best ever"),
       ("Love that.", "You'll have to show me.", "Keep it up!")),
      (("not really", "kind of gave up lol"), ("Nothing wrong with a break.", "Fair enough.")),
      (("got a grade {n} exam soon",), ("Good luck with the exam!", "You'll smash it.")))),
    (("Is it raining there too?", "Freezing today isn't it?", "Did you take a coat?"),
     ((("soaked lol", "yeah its so cold", "no 😬"), ("Should've taken a coat!", "Wrap up.")),
      (("its sunny here", "its actually nice"), ("Lucky you.", "Enjoy the sun.")))),
)

_KID_ASKS: tuple[tuple[Pool, Pool], ...] = (
    (("how's work", "r u at work", "are u busy today"),
     ("Busy, but fine.", "Long day! Nearly done.", "Not bad thanks for asking.",
      "Just on my break.", "Meetings all day, send help.")),
    (("can u come to my match on {day}", "are u coming to my show on {day}",
      "will u come watch {sport} on {day}"),
     ("Wouldn't miss it.", "I'll try my best, what time?", "Yes! Front row.",
      "I'll be there if I can get off work.")),
    (("did u see {artist} is touring", "have u heard of {artist}", "do u like {artist}"),
     ("I might be too old for {artist}.", "I've heard of them! Is it loud?",
      "Your {mum} plays them in the car, they're catchy.", "Who?? Only joking.")),
    (("guess what", "i have news", "omg guess what happened"),
     ("What??", "Go on...", "Tell me!", "Good news I hope?")),
    (("what did u do at my age", "were u good at {subject}", "did u have phones when u were young"),
     ("Ha, we had one phone on the wall in the hall.", "I was terrible at {subject}.",
      "Played out on bikes till it got dark.", "Not like yours, no!")),
)

_GUESS: Pool = ("i got picked for the {sport} team!!", "i got a merit in {subject}",
                "{pal} is coming to stay on {day}", "im in the school play",
                "we're getting a {pet}!!", "i passed my {instrument} exam")


def _catchup(s: Scene, elder: Person, kid: Person, n: int) -> None:
    """``n`` small-talk exchanges, mostly the older person asking, sometimes the child."""
    topics = list(_CATCHUP)
    s.rng.shuffle(topics)
    asks = list(_KID_ASKS)
    s.rng.shuffle(asks)
    for i in range(n):
        gap = s.rng.choice(("reply", "reply", "pause"))
        if s.chance(0.25) and asks:
            k_lines, e_lines = asks.pop()
            _say(s, kid, s.pick(*k_lines), gap=gap)
            _say(s, elder, s.pick(*e_lines))
            if k_lines is _KID_ASKS[3][0]:
                _say(s, kid, s.pick(*_GUESS))
                _say(s, elder, s.pick("That's amazing!", "No way! Well done.", "Ha! Brilliant.",
                                      "Wow. Tell me everything.", "Oh how exciting!"))
            continue
        q, groups = topics[i % len(topics)]
        a, r = s.rng.choice(groups)
        _say(s, elder, s.pick(*q), gap=gap)
        _say(s, kid, s.pick(*a))
        if s.chance(0.6):
            _say(s, elder, s.pick(*r))
        if s.chance(0.15):
            _say(s, kid, s.pick("lol", "yeah", "haha", "true", "mhm", "😂", "ikr", "ya",
                                "i know right", "exactly"))


# ---------------------------------------------------------------------------
# hn_fam_parent_pickup
# ---------------------------------------------------------------------------

Pair = tuple[Pool, Pool]


def _ex(s: Scene, a: Person, b: Person, pairs: tuple[Pair, ...], *, gap: str = "reply") -> None:
    """One exchange: ``a`` says a line from a random pair, ``b`` answers from the same pair."""
    first, second = s.rng.choice(pairs)
    _say(s, a, s.pick(*first), gap=gap)
    _say(s, b, s.pick(*second))


def _daytime(s: Scene, lo: int = 8, hi: int = 21) -> None:
    s.night = 0.03
    s.clock = s.clock.replace(hour=s.rng.randint(lo, hi), minute=s.rng.randrange(60))


_PICKUP_KID_OPEN: tuple[Pair, ...] = (
    (("can u pick me up from {spot}", "{mum} can you get me from {spot}",
      "{dad} can u come get me pls", "can u come get me"),
     ("Yes, where are you exactly?", "On my way in 10, whereabouts are you?",
      "Ok, I'll pick you up. Stay where you are.", "Yep, coming. Where shall I park?",
      "Give me {n} minutes.", "Leaving now.")),
    (("im done at {spot}", "{mum} im finished", "we finished early can u come",
      "its over"),
     ("Already? Ok, be there soon.", "Ok, leaving now.", "Give me {n} minutes.",
      "Early! Ok, wait inside.", "Coming. Where are you?")),
    (("can i get picked up at {time} instead", "can u get me at {time} not {n}",
      "can i stay till {time}"),
     ("Ok, {time} then. Don't be late out.", "Fine, {time}. Text me if it changes.",
      "Only if {pal}'s mum is still there.", "Ok, I'll pick you up at {time}.")),
)
_PICKUP_PARENT_OPEN: tuple[Pair, ...] = (
    (("Where are you?", "Are you still at {spot}?", "Finished yet?",
      "Heading out now, where are you?", "Hi {kid}, I'm leaving work now. Still at {spot}?",
      "Where are you love? I'm nearly there."),
     ("still at {spot}", "here", "outside", "5 more mins", "by the front", "just finishing",
      "at {spot} still", "inside, its cold")),
    (("What time do you want picking up?", "What time do you finish?",
      "I'll pick you up at {time}, ok?", "Is {time} ok for pickup?"),
     ("{time}", "like {time}", "ok", "can u come at {time}", "yes {time} is fine",
      "i'll text u when we finish", "bit later pls")),
)


def _parent_pickup(s: Scene) -> None:
    _setup(s)
    _daytime(s, 7, 21)
    parent = _adult(s, 30, 56)
    kid = _kid(s)
    _warm(s, parent)
    if s.chance(0.45):
        _ex(s, parent, kid, (
            (("What time do you finish at {spot} today?", "When are you done at {spot}?"),
             ("like {time}", "idk ill text u", "{time} or a bit after", "{time} i think")),
            (("Who's going to {spot} with you?", "Is {pal} going to {spot} too?"),
             ("{pal} is coming too", "just me", "{pal} and {pal2}", "yeah {pal}")),
            (("Morning! Remember I'm getting you from {spot} later.",
              "Don't forget your key, I might be late.", "Have you got everything for today?"),
             ("ok", "yes", "ok thanks", "yep", "got it", "i forgot my lunch 😭")),
        ))
        _catchup(s, parent, kid, s.rng.randint(1, 4))
        s.wait("hours")
    if s.chance(0.55):
        _ex(s, kid, parent, _PICKUP_KID_OPEN)
    else:
        _ex(s, parent, kid, _PICKUP_PARENT_OPEN)
    if s.chance(0.25):
        _catchup(s, parent, kid, s.rng.randint(1, 2))
    if s.chance(0.7):
        _say(s, parent, s.pick("Are you alone or is {pal} still with you?", "Is anyone with you?",
                               "Are you on your own?", "Is {pal} waiting with you?",
                               "Are you alone? Don't wait on the street on your own.",
                               "Who's with you?", "Is everyone else gone?"),
             gap=s.rng.choice(("reply", "pause")))
        if s.chance(0.5):
            _say(s, kid, s.pick("yeah everyone left", "yes alone 😭 hurry", "ya just me",
                                "{pal} just got picked up", "yeah its kinda dark",
                                "just me and the caretaker"))
            _say(s, parent, s.pick("Go back inside and wait where there are people.",
                                   "Stay inside till you see the car.",
                                   "Wait in reception, I'll be quick.",
                                   "Stay by the door where it's light, I'm close.",
                                   "Ok, stay on the phone with me if you want."))
            if s.chance(0.5):
                _say(s, kid, s.pick("ok", "k", "im inside", "ok hurry", "fine", "ok ok"))
        else:
            _say(s, kid, s.pick("{pal} is here", "{pal}s mum is here", "im with {pal}",
                                "with everyone", "theres loads of people",
                                "the coach is still here", "{pal} and {pal2}"))
            if s.chance(0.4):
                _ex(s, parent, kid, (
                    (("Good.", "Ok good, stay together.", "Great."),
                     ("ok", "yep", "we are")),
                    (("Does {pal} need a lift too?", "Want to give {pal} a lift home?"),
                     ("yeah can she come", "no her dad's coming", "ill ask", "yes pls")),
                ))
    if s.chance(0.55):
        _say(s, parent, s.pick("Send me a pic of where you are, I can't see you",
                               "Can you send me a photo of where you're standing?",
                               "Send a pic of the sign or something so I can find you",
                               "Drop me a pin", "Share your location with me please",
                               "Which entrance? Send me a pic",
                               "Send me a pic, it all looks the same"),
             gap="pause")
        _say(s, kid, s.pick("sent", "there", "by the big sign near the entrance",
                            "outside {store}", "shared it", "im by the bins lol",
                            "the side door by the car park", "sent it, by the bus stop"))
        _say(s, parent, s.pick("Got it.", "Ok I see where that is.", "Perfect, 2 mins.",
                               "Found you.", "Right, coming round."))
    if s.chance(0.45):
        _say(s, parent, s.pick("{kid}?", "Hello??", "{kid} answer your phone",
                               "Why aren't you picking up?", "Please reply",
                               "I'm outside, where are you??", "{kid} I've rung you twice"),
             gap="pause")
        if s.chance(0.4):
            _say(s, parent, s.pick("???", "Hello?", "{kid}!!", "Getting worried now"),
                 gap="pause")
        _say(s, kid, s.pick("sorry phone was on silent", "sorry was in the toilet",
                            "sry my battery is at 2%", "im here!!", "sorry didnt see",
                            "sorry was saying bye to {pal}", "omg chill im coming"),
             gap="pause")
        _say(s, parent, s.pick("You had me worried. Keep your phone on.",
                               "Ok. Keep it charged next time please.",
                               "Right, see you in a sec.", "Ok, no harm done.",
                               "Phew. Come on then.", "Ok. Just reply next time, I worry."))
    if s.chance(0.5):
        _ex(s, parent, kid, (
            (("Don't tell your {sibling} but we're getting {food} on the way home, it's a surprise",
              "Not a word to {sib} - we're stopping for ice cream, our little secret"),
             ("omg ok", "my lips are sealed", "YES", "can we get {fries} too", "i wont tell")),
            (("Don't tell {sib}, I've got the tickets for {artist}, it's a surprise for "
              "their birthday",
              "Shh, don't tell {sib} but I got {gift} for their birthday, need you to hide it"),
             ("wait really??", "they will be so happy", "i wont tell", "omg they'll scream",
              "i can hide it in my wardrobe")),
            (("Keep it quiet from {sib}, we're picking up the new {pet} on the way 🤫",),
             ("WAIT WHAT", "omg omg omg", "a {pet}?!", "can i name it")),
            (("Don't tell your {dad}, I've got his present in the boot, surprise for {day}",),
             ("haha ok", "what did u get him", "my lips are sealed", "he'll love it")),
        ))
        if s.chance(0.4):
            _say(s, parent, s.pick("Good. Act normal!", "Ha. Secret agent.", "Not a word!",
                                   "Shh!", "Our secret till then."))
    _say(s, parent, s.pick("I'm outside", "In the car park by {store}",
                           "Outside now, the blue car", "Here, come out", "Pulling in now",
                           "Here. Hazard lights on.", "Just parked, I'm by the gate"),
         gap="pause")
    _say(s, kid, s.pick("coming", "ok", "see you", "1 sec", "omw", "k", "coming now"))
    if s.chance(0.5):
        s.wait("days")
        _ex(s, parent, kid, (
            (("Do you need picking up on {day}?", "Same time {day}?"),
             ("yeah pls", "no {pal}s dad is bringing me", "yes at {time}", "i can get the bus",
              "yes")),
            (("Who's taking you to {spot} on {day}?", "How are you getting to {spot} {day}?"),
             ("{pal}s mum", "can u", "idk ill ask", "the bus", "{sib} said they would")),
        ))
        _say(s, parent, s.pick("Ok, text me when you're home.", "Ok, noted.",
                               "Fine, message me when you're on the bus.", "Great, noted.",
                               "Ok. Let me know if it changes."))
        if s.chance(0.6):
            _catchup(s, parent, kid, s.rng.randint(1, 4))


# ---------------------------------------------------------------------------
# hn_fam_parent_late_night
# ---------------------------------------------------------------------------

def _late_start(s: Scene) -> None:
    s.night = 0.6
    hour = s.rng.choice((22, 22, 23, 23, 0, 1))
    s.clock = s.clock.replace(hour=hour, minute=s.rng.randrange(60))


def _late_party(s: Scene, parent: Person, kid: Person) -> None:
    _say(s, parent, s.pick("Are you still out?", "How's the party?", "Still at {pal}'s?",
                           "Everything ok? It's getting late.", "Are you still up? Where are you?",
                           "Hi love, how's it going?"))
    _say(s, kid, s.pick("yeah its fun", "yes still here", "its good", "yeah were watching a film",
                        "ya", "yes everything is fine", "its so fun"))
    _ex(s, parent, kid, (
        (("Who are you with?", "Who's there?", "Who are you with, just the usual lot?",
          "Is it just people from school?"),
         ("{pal} and some people from school", "{pal} {pal2} and like 6 others",
          "just the usual", "people from {sport}", "everyone from my class")),
        (("Are {pal}'s parents there?", "Is {pal}'s mum around?"),
         ("yes her mum is here", "yeah theyre in the kitchen", "yes her dad keeps checking on us",
          "yes")),
    ))
    if s.chance(0.7):
        _ex(s, parent, kid, (
            (("Is {adult}'s dad still driving you home?", "How are you getting home?",
              "Do you want me to pick you up or is {pal}'s mum dropping you?"),
             ("yeah at 12", "{pal}s mum is taking us", "can u pick me up at 12",
              "ill get a lift with {pal}", "can u get me")),
            (("What time is it finishing?", "Remember you said 12, not 1."),
             ("i think 11:30", "12 i promise", "12", "i know i know")),
        ))
    _say(s, parent, s.pick("Ok. Text me when you get home.", "Text me when you're in the car.",
                           "Ok, message me when you're leaving.",
                           "Right, text me when you're home, I'll wait up.",
                           "Have fun, be sensible, text me when you're back."))
    _say(s, kid, s.pick("ok", "i will", "ok ok", "yes {mum}", "k love u"))
    if s.chance(0.5):
        _say(s, parent, s.pick("It's gone 12. Where are you?", "{kid}?", "Are you on your way?",
                               "You said 12!", "Haven't heard from you, are you ok?",
                               "Tried calling. Please just reply so I know you're ok."),
             gap="pause")
        if s.chance(0.5):
            _say(s, parent, s.pick("Getting worried now.", "{kid} please answer.",
                                   "If I don't hear in 10 mins I'm ringing {pal}'s mum."),
                 gap="pause")
        _say(s, kid, s.pick("sorry it was loud didnt hear", "sorry!! im fine in the car now",
                            "omw sorry", "sorry phone died, using {pal}s", "sorry sorry im fine"),
             gap="pause")
        _say(s, parent, s.pick("Ok. Relieved. Don't do that to me again.",
                               "Thank god. Ok, see you soon.",
                               "Ok. We'll talk about it tomorrow but I'm glad you're ok.",
                               "Phew. Keep your phone charged next time."))
    _say(s, kid, s.pick("home", "im home", "back now", "in the door", "home safe", "home, night"),
         gap="pause")
    _say(s, parent, s.pick("Good. Thank you for letting me know. Night, love you.",
                           "Great. Sleep well.", "Thanks. Glad you had fun. Bed!",
                           "Good. Night night.", "Lovely. Tell me all about it tomorrow.",
                           "Good. Now sleep, you've got {sport} in the morning."))


def _late_stranger(s: Scene, parent: Person, kid: Person) -> None:
    _say(s, parent, s.pick("Are you still up? It's late!", "Why are you still online?",
                           "{kid}, I can see you're online. Why are you still up?",
                           "You should be asleep, {kid}.", "Still awake?",
                           "Saw your light on. Everything ok?"))
    _say(s, kid, s.pick("cant sleep", "sorry", "i cant sleep", "yeah", "sorry cant sleep",
                        "{mum} can i ask u something"))
    group = s.chance(0.4)
    if group:
        _say(s, kid, s.pick("theres a group chat on {app} and theyre being mean to me",
                            "people in the class chat are saying stuff about me",
                            "some girls from my class made a chat to laugh at me",
                            "everyone in the group chat is ignoring me"))
    else:
        _say(s, kid, s.pick("someone i dont know keeps messaging me on {app}",
                            "some random account keeps adding me",
                            "someone keeps sending me weird messages asking where i live",
                            "this person i dont know says they know {pal}",
                            "a random person asked me how old i am"))
    _say(s, parent, s.pick("Ok, thank you for telling me. Don't reply to them.",
                           "You did the right thing telling me. Don't answer them.",
                           "Oh love. Are you ok? Don't reply.",
                           "Right. Don't reply to any of it, ok?",
                           "Thanks for telling me, that's exactly what you should do."))
    _say(s, kid, s.pick("ok", "i didnt reply", "ok but its annoying", "i havent said anything",
                        "ok", "but what if they message again"))
    _say(s, parent, s.pick(
        "Block them, screenshot it and we'll report it together tomorrow.",
        "Delete that app if it bothers you, honestly, it's not worth losing sleep over.",
        "Block and mute, and leave the chat. You don't owe anyone a reply.",
        "Screenshot it, block, then put the phone down. We'll look at it in the morning.",
        "Honestly, delete that app if it's making you feel like this. You can always get it back."))
    if s.chance(0.6):
        _say(s, kid, s.pick("do i have to delete it", "ok i blocked them", "i screenshotted it",
                            "will u be mad", "ok deleted it"))
        _say(s, parent, s.pick("I'm not mad at all, you did nothing wrong.",
                               "No, just if you want to. Blocking is fine.",
                               "Good. I'm proud of you for telling me.",
                               "Nobody's in trouble. Thank you for being honest with me.",
                               "That's perfect, well done."))
    _say(s, parent, s.pick("Now try and sleep. Phone on the landing please.",
                           "Go to sleep, it's school tomorrow. Love you.",
                           "Phone downstairs and get some sleep, we'll sort it in the morning.",
                           "Night night. Love you loads.", "Try and sleep. I'm just next door."))
    _say(s, kid, s.pick("ok night", "night love u", "ok", "night", "love u"))
    if s.chance(0.6):
        _to_morning(s)
        _say(s, parent, s.pick("Feeling better this morning?", "How are you feeling today?",
                               "Did you sleep ok in the end?", "Morning love. Ok?"))
        _say(s, kid, s.pick("yeah", "yeah i feel better", "kinda", "yeah its fine now",
                            "a bit tired"))
        if group:
            _say(s, parent, s.pick("I've emailed your form tutor about the group chat.",
                                   "We'll talk to school together, you're not on your own.",
                                   "You can leave that chat, you know. Real friends won't mind.",
                                   "If it carries on, tell me straight away, any time."))
        else:
            _say(s, parent, s.pick("Good. We'll go through your privacy settings tonight.",
                                   "Good. We'll report that account together after school.",
                                   "Ok. Remember you can always tell me, even at 2am.",
                                   "If they message again, don't open it, just show me."))


def _late_home(s: Scene, parent: Person, kid: Person) -> None:
    _say(s, parent, s.pick("Are you still up? It's gone 11!", "Still awake?",
                           "On my break. Are you home alone still?", "Is {sib} home yet?",
                           "Hi love, shift's running late. All ok at home?",
                           "Are you still up? Who's home?"))
    _say(s, kid, s.pick("yeah", "yes {sib} isnt back", "just me", "{sib} is at work till 12",
                        "yeah watching {show}", "yes im fine"))
    if s.chance(0.6):
        _say(s, parent, s.pick("Who are you with? Just you?", "Is anyone with you?",
                               "Are you on your own then?", "Is {dad} not back yet?"))
        _say(s, kid, s.pick("just me and {petname}", "just me", "{dad} is asleep", "yeah alone",
                            "{sib} just got in"))
    _say(s, parent, s.pick("Lock the back door and text me when {sib} gets in.",
                           "Make sure the front door's locked please.",
                           "Ok. Don't open the door to anyone, {sib} has a key.",
                           "Ok, lock up and text me when you go to bed.",
                           "Right, go to bed soon please, it's school tomorrow."))
    _say(s, kid, s.pick("ok", "done", "already did", "ok {mum}", "yep"))
    if s.chance(0.5):
        _catchup(s, parent, kid, s.rng.randint(1, 4))
    if s.chance(0.6):
        _say(s, kid, s.pick("{sib} is home", "{sib} just got in", "{dad} is back", "theyre home"),
             gap="pause")
    _say(s, parent, s.pick("Great, now bed. No phone!",
                           "Good. Night night, see you in the morning.",
                           "Thanks love. Sleep tight.", "Brilliant. Off to bed.",
                           "Ok good. I'll be home about 2, don't wait up."))
    if s.chance(0.5):
        _say(s, kid, s.pick("night", "ok night", "love u", "k"))


def _late_sleepover(s: Scene, parent: Person, kid: Person) -> None:
    _say(s, parent, s.pick("Still up? Go to sleep you lot!", "How's the sleepover?",
                           "Are you still awake?", "Everything alright at {pal}'s?",
                           "It's late, lights out soon please"))
    _say(s, kid, s.pick("we r watching {show}", "yeah were eating {candy}", "its so fun",
                        "yes were playing {game}", "we're not tired"))
    if s.chance(0.7):
        _say(s, parent, s.pick("Are {pal}'s parents there?", "Is {pal}'s mum still up?",
                               "Who's there, just you and {pal}?", "Is it just you two?"))
        _say(s, kid, s.pick("yes her mum made us {food}", "yeah and {pal2}", "yes his dad is here",
                            "yes theyre downstairs", "just us and her sister"))
    _say(s, parent, s.pick("One more episode then sleep.", "Be nice and go to sleep soon.",
                           "Ok. Text me in the morning when you want collecting.",
                           "Say thank you to {pal}'s mum. Night!",
                           "Ok, don't keep {pal}'s parents up."))
    _say(s, kid, s.pick("ok", "ok night", "fineee", "ok {mum}", "night love u"))
    if s.chance(0.5):
        _ex(s, kid, parent, (
            (("{pal}s mum says we can get {food} for breakfast", "were making pancakes tomorrow"),
             ("Lovely, say thank you!", "Ha, lucky you.", "Don't make a mess!")),
            (("can i stay till lunch tomorrow", "can i stay another night"),
             ("If {pal}'s mum says yes.", "Lunch is fine. Not another night.",
              "We'll see in the morning.")),
        ), gap="pause")
    if s.chance(0.7):
        _to_morning(s)
        _ex(s, kid, parent, (
            (("can u pick me up at {time}", "u can come now", "can u get me after breakfast"),
             ("Yes, see you then.", "On my way.", "Ok, give me 20 mins.")),
            (("can i stay for lunch", "can i stay a bit longer"),
             ("If {pal}'s mum says yes.", "Ok, till 2.", "Only if you've said thank you!")),
            (("morning", "morning, we slept at like 3 lol"),
             ("Morning! Did you sleep at all?", "3?! You'll be grumpy today.",
              "Morning love. Ready to come home?")),
        ))


def _to_morning(s: Scene) -> None:
    """Move the clock forward to the next morning (07:00-10:59)."""
    target = s.clock.replace(hour=s.rng.randint(7, 10), minute=s.rng.randrange(60))
    while target <= s.clock:
        target += timedelta(days=1)
    s.clock = target


def _to_late(s: Scene) -> None:
    """Move the clock forward to the next late evening (22:00-01:59)."""
    hour = s.rng.choice((22, 22, 23, 23, 0, 1))
    target = s.clock.replace(hour=hour, minute=s.rng.randrange(60))
    if hour < 5:
        target += timedelta(days=1)
    while target <= s.clock:
        target += timedelta(days=1)
    s.clock = target


def _parent_late_night(s: Scene) -> None:
    _setup(s)
    early = s.chance(0.55)
    if not early:
        _late_start(s)
    parent = _adult(s, 32, 56)
    _warm(s, parent)
    kind = s.rng.choice(("party", "stranger", "home", "sleepover"))
    lo, hi = {"party": (14, 16), "stranger": (10, 16), "home": (12, 16),
              "sleepover": (10, 14)}[kind]
    kid = _kid(s, lo, hi)
    if early:
        _say(s, parent, s.pick("What time are you heading to {pal}'s?",
                               "Have you got your charger for tonight?",
                               "I'm on a late one tonight, there's {food} in the fridge.",
                               "Have a good time tonight, remember what we said.",
                               "Text me when you get there please."))
        _say(s, kid, s.pick("ok", "yes", "like 7", "got it", "yes {mum}", "ok thanks"))
        _catchup(s, parent, kid, s.rng.randint(1, 4))
        _to_late(s)
    if kind == "party":
        _late_party(s, parent, kid)
    elif kind == "stranger":
        _late_stranger(s, parent, kid)
    elif kind == "home":
        _late_home(s, parent, kid)
    else:
        _late_sleepover(s, parent, kid)
    s.night = 0.03
    if s.chance(0.35):
        s.wait("days")
        _ex(s, parent, kid, (
            (("What do you want for {dinner}?", "{food} or {food} tonight?"),
             ("{food}", "{food} pls", "anything", "not pasta")),
            (("Don't forget your PE kit.", "Can you put a wash on when you get in?"),
             ("ok", "already did", "i forgot 😬", "ok will do")),
            (("Are you home by {time} today?", "What time are you back today?"),
             ("yes", "{time}", "bit later, {sport}", "yeah")),
        ))
        if s.chance(0.5):
            _catchup(s, parent, kid, s.rng.randint(1, 4))


# ---------------------------------------------------------------------------
# hn_fam_grandparent
# ---------------------------------------------------------------------------

def _grandparent(s: Scene) -> None:
    _setup(s)
    _daytime(s, 8, 20)
    grand = s.person(s.rng.randint(60, 85), s.rng.choice(("elder", "elder", "formal", "adult")),
                     p_unknown=s.rng.uniform(0.05, 0.2))
    kid = _kid(s)
    _warm(s, grand)
    sign_off = s.pick(" Love {gran} xx", " Love from {gran} and {grandad}", " {gran} x",
                      "", "", " Lots of love, {gran}")
    _ex(s, grand, kid, (
        (("Happy Birthday darling!! Have a lovely day." + sign_off,
          "HAPPY BIRTHDAY {kid}!!! Hope you have a wonderful day." + sign_off,
          "Hello {kid} this is {grandad} on {gran}'s phone. Happy birthday!",
          "Happy birthday to my favourite {age} year old!" + sign_off),
         ("thank u {gran}!!", "thank youuu", "thank u!! ❤️", "thank u {grandad}!!",
          "thanks {gran} love u", "aww thank u")),
        (("Hello {kid}, it is {gran}. Did you get my card in the post?",
          "Dear {kid}, I hope you are well. Did the parcel arrive?" + sign_off,
          "Hello love, has the postman been yet?"),
         ("yes got it thank you so much", "hi!! yes it came today", "not yet",
          "yes!! thank u", "{mum} has it, im not allowed to open it till {day}")),
        (("Hi sweetheart, this is {gran}, I have a new phone so save this number.",
          "Hello love. Is this the right number for {kid}?",
          "Hello {kid}, {gran} here. {sib} gave me your number, I hope that is alright."),
         ("hi {gran}", "yes its me", "who is this? oh hi {gran}", "saved it!",
          "hi!! yes its me")),
    ))
    if s.chance(0.35):
        _ex(s, grand, kid, (
            (("Sorry that sent before I finished.", "Is this going through?",
              "I pressed something and it went big"),
             ("yes its working", "lol its fine", "haha yes i got it", "its fine {gran}")),
            (("How do I do the little faces", "{grandad} is showing me how to do this."),
             ("press the smiley button", "u did it!!", "ill show u when we visit",
              "lol ur doing great")),
        ))
    gift = s.rng.choice(("cash", "card", "parcel"))
    if gift == "cash":
        _say(s, grand, s.pick(
            "There's a little something in there for you, {cash_big}. Our little secret, "
            "don't tell your {mum} how much, she'll say I spoil you!",
            "I put {cash_big} in the card. Don't tell your {mum} how much, she'll only tell "
            "me off. Our little secret.",
            "Did you find the money inside? Spend it on something nice, not sensible. "
            "Don't tell your {dad} how much!",
            "{grandad} and I put some money in. Don't let your {mum} make you save it all!"),
            gap="pause")
        _say(s, kid, s.pick("omg thank you!!", "{gran} thats so much", "i wont tell lol",
                            "ur the best", "{mum} already saw lol", "haha our secret",
                            "thank u im saving for {gift}"))
    elif gift == "card":
        _say(s, grand, s.pick(
            "I got you a {card} gift card because I never know what you like now. "
            "The code is on the back, your {mum} can help.",
            "I've sent a {card} voucher in the post. Don't tell your {mum} how much it was "
            "haha, our little secret.",
            "The lady in the shop said all the young ones want {card} cards. I hope so!",
            "I have put a {card} card in your birthday card. {sib} got the same so no arguing!"),
            gap="pause")
        _say(s, kid, s.pick("omg thank you!!", "thats perfect thank u", "ur the best",
                            "the lady was right lol", "i wont tell lol", "yes i love {card}",
                            "thank u {mum} helped me put the code in"))
    else:
        _say(s, grand, s.pick(
            "Did the parcel come? I knitted you a new {jumper}, I hope it fits.",
            "Has the parcel arrived? It's a {jumper}, I did it in your favourite colour.",
            "I sent you {gift}. Your {mum} said it was what you wanted, I hope she was right!",
            "There's a parcel coming, don't open it before your birthday!"),
            gap="pause")
        _say(s, kid, s.pick("it fits!!", "thank you so much i love it", "she was right!!",
                            "its so cosy", "i wont open it i promise",
                            "a tiny bit big but ill grow",
                            "thank uuu"))
    if gift != "parcel" and s.chance(0.5):
        _ex(s, grand, kid, (
            (("What are you going to buy?", "What will you spend it on?",
              "Anything you've got your eye on?"),
             ("probably {gift}", "idk yet", "saving it", "{currency} lol", "clothes",
              "new {shoes}")),
            (("You're very welcome my darling.", "You deserve it.", "Don't spend it all at once!"),
             ("i wont", "❤️", "love u {gran}", "thank u again")),
        ))
    if s.chance(0.75):
        _say(s, grand, s.pick("How old are you now?! I can't keep track.",
                              "How old are you now? {age}? I can't believe it.",
                              "Remind me how old you are now, my memory is terrible.",
                              "You must be {age} now! Where does the time go?",
                              "{age}?! You were a baby five minutes ago."))
        _say(s, kid, s.pick("{age} {gran}", "im {age}!!", "{age} lol", "yep {age}",
                            "{age} 😎", "yes {age} now", "{age}, u came to my party lol"))
        _say(s, grand, s.pick("{age}! Where does the time go. I remember when you were tiny.",
                              "Gosh. You'll be taller than me next.",
                              "Such a grown up. {grandad} can't believe it either.",
                              "Well I feel very old now!",
                              "So proud of you. You're growing up so fast."))
    if s.chance(0.7):
        _say(s, grand, s.pick("Send {gran} a photo of you in the new {jumper}!",
                              "Can you send me a picture of you with your cake?",
                              "{grandad} wants a photo of you in your new school uniform.",
                              "Will you send me a photo of you and {sib}? It's for the fridge.",
                              "Send me a pic of what you buy with it!",
                              "Send a photo when you can, I want to see how tall you are."),
             gap=s.rng.choice(("reply", "pause")))
        if s.chance(0.75):
            _say(s, kid, s.pick("ok 1 sec", "sent!", "there", "{mum} is taking one now",
                                "ok sent 2", "here u go"))
            _say(s, grand, s.pick("Oh you look so grown up!",
                                  "{grandad} says you look like your {dad}.",
                                  "Lovely. That's going on the fridge.", "Beautiful.",
                                  "It didn't come through. Never mind, show me when you visit.",
                                  "Gorgeous. Thank you darling."), gap="pause")
        else:
            _say(s, kid, s.pick("ill get {mum} to send it", "later, im at {pal}s",
                                "ok tomorrow"))
            _say(s, grand, s.pick("No rush love.", "Lovely, whenever.", "Ok darling."))
    if s.chance(0.65):
        _catchup(s, grand, kid, s.rng.randint(2, 5))
    _ex(s, grand, kid, (
        (("Come and visit soon, I'll make your favourite {food}.",
          "We miss you. Come for Sunday lunch soon."),
         ("yes!! can we make cookies", "yes i miss u", "ill ask {mum}", "yes soon",
          "can {sib} come too")),
        (("Come visit in the {holiday}, {grandad} will take you fishing.",),
         ("YES fishing", "yes!!", "ill ask {mum}", "can {sib} come too")),
        (("Tell your {mum} to bring you over on {day}.",
          "When are you coming to see us? It's been too long."),
         ("{mum} says maybe {day}", "ill ask {mum}", "soon i promise", "{mum} said {day}!")),
    ), gap=s.rng.choice(("reply", "pause")))
    _say(s, grand, s.pick("Lovely. Love you lots." + sign_off, "Bye for now darling.",
                          "Good. Be good for your {mum}." + sign_off, "Night night, sleep tight.",
                          "Wonderful. Speak soon.", "Bye love. From {gran}."))
    if s.chance(0.45):
        s.wait("weeks")
        _ex(s, grand, kid, (
            (("Hello love, just checking in. How are you?", "How are you keeping, love?"),
             ("good thanks", "hi {gran} im good", "tired lol", "good! hbu")),
            (("Good luck in your {subject} test tomorrow!" + sign_off,
              "{mum} says you've got a big test. Good luck!"),
             ("thank u!!", "thanks {gran}", "im so nervous", "thank u ❤️")),
            (("Are you still coming on {day}? I've bought {food}.",),
             ("yes we are", "yes!!", "{mum} said we'll be there at {time}")),
        ))
        if s.chance(0.7):
            _catchup(s, grand, kid, s.rng.randint(1, 4))


# ---------------------------------------------------------------------------
# hn_fam_aunt_uncle
# ---------------------------------------------------------------------------

def _aunt_party(s: Scene, rel: Person, kid: Person) -> None:
    s.ctx["hon"] = s.fill(s.rng.choice(("{mum}", "{mum}", "{dad}")))
    _ex(s, rel, kid, ((
        ("Hey {kid}! Big secret mission. It's your {hon}'s 40th next month and we're "
         "planning a surprise party. Don't tell them!!",
         "Psst. Surprise party for your {hon}'s birthday. You in? Don't say a word!",
         "Hi {kid}, it's {me}. Can you keep a secret? We're throwing your {hon} a "
         "surprise party.",
         "Right {kid}, top secret. Surprise do for your {hon} on the {n}th. "
         "Don't tell {sib} either, they'll blab."),
        ("omg ok", "what do i have to do", "YES", "i wont tell", "omg they're gonna cry lol",
         "ok im in", "i'm so bad at secrets but ok")),))
    if s.chance(0.6):
        _ex(s, rel, kid, ((
            ("Can you sneak a photo of some old pictures in the albums? For a slideshow.",
             "Can you sneak a photo of the present {sib} got so we don't double up?",
             "Could you sneak a photo of the perfume on their shelf so I get "
             "the right one?"),
            ("ok ill do it when nobody's looking", "sent!!", "nearly got caught 😭", "got it",
             "on it", "sent 3, the baby ones are so funny")),))
        _ex(s, rel, kid, (
            (("Perfect. Delete this chat in case your {hon} picks up your phone haha",
              "Brilliant. Best delete the messages, your {hon} is nosy."),
             ("deleted", "lol ok", "done", "so nosy", "not nosy lol ok maybe a bit")),
            (("You're a legend. Delete those pics off your phone after!",
              "Amazing. Delete them after so they don't see."),
             ("ok", "lol ok", "🤐", "done", "will do")),
        ))
    else:
        _ex(s, rel, kid, ((
            ("Can you find out what time your {hon} finishes work on the {n}th?",
             "Can you check if they've got plans on {day} without being obvious?"),
            ("ok ill ask casually", "they said theyre free", "i asked, they finish at {time}",
             "i think they suspect something lol")),))
        _say(s, rel, s.pick("Amazing. Our little secret till the party.",
                            "Perfect, you're a natural.", "Smooth. Not a word!",
                            "Great work, agent {kid}."))
    if s.chance(0.5):
        _catchup(s, rel, kid, s.rng.randint(1, 3))
    s.wait("days")
    _ex(s, rel, kid, (
        (("Meet you at the mall on {day} to pick the present? {sib} said they'd drop "
          "you at {time}.",
          "Want to come shopping for the present? I'll pick you up {day}, cleared it with "
          "{sib}."),
         ("yesss", "ok", "can we get {food} after", "deal", "yes what time", "yes!!")),
        (("Can you get your {hon} out of the house at {time} on the day? Say you need "
          "new {shoes}.",
          "Your job on the day: keep them busy till {time}. Can you do it?"),
         ("ok ill say i need {shoes}", "easy", "what if they say no", "ok ill try")),
    ))
    if s.chance(0.5):
        _say(s, rel, s.pick("You're the best. Don't tell a soul!", "Great. Not a word!",
                            "Top secret agent {kid}.", "Brilliant, thank you!"))
    if s.chance(0.7):
        s.wait("weeks")
        _ex(s, rel, kid, ((
            ("They cried! Well done for keeping the secret.",
             "Best party ever. You kept that quiet brilliantly.",
             "Honestly {kid}, couldn't have done it without you. Thanks!",
             "Did you see their face?! Amazing."),
            ("they had no idea lol", "i nearly told them like 3 times", "it was so good",
             "haha yes", "best night ever", "the slideshow was so funny")),))


def _aunt_present(s: Scene, rel: Person, kid: Person) -> None:
    _ex(s, rel, kid, (
        (("Hey you! Birthday coming up. What do you want?",
          "What are you into these days? Birthday shopping time."),
         ("idk", "{gift}!!", "{card} card pls lol", "{game} stuff", "surprise me",
          "anything {artist}")),
        (("Hi {kid}, it's {me}. What size are you in {shoes} now?",
          "What size {jumper} are you now? Asking for a friend 👀"),
         ("size {n}", "idk ill ask {mum}", "medium i think", "why 👀", "{n} and a half")),
    ))
    _say(s, rel, s.pick("Noted. Your {mum} will kill me but fine.",
                        "Ha, I'll see what I can do.",
                        "Ok. Don't tell your {dad}, he thinks I spoil you.",
                        "Done. It's a secret though, no peeking.",
                        "Right. Leave it with me."))
    if s.chance(0.7):
        _catchup(s, rel, kid, s.rng.randint(2, 5))
    s.wait("days")
    _ex(s, rel, kid, (
        (("Did it arrive? Send me a pic of you with it!", "Well?? Did it fit?"),
         ("yes!! thank u so much", "sent a pic", "it fits perfect", "OMG THANK YOU",
          "it came today i love it")),
        (("Happy birthday!! Did your {mum} give you the parcel?",
          "Happy birthday kiddo. Present is with your {dad}."),
         ("yes!! i love it", "thank u!!", "not yet shes hiding it", "OMG THANK YOU")),
    ))
    _say(s, rel, s.pick("Looking sharp!", "Glad you like it.", "You're welcome. Enjoy!",
                        "Love it. Say hi to your {mum}.", "Happy birthday again x"))


def _aunt_day_out(s: Scene, rel: Person, kid: Person) -> None:
    _say(s, rel, s.pick("Fancy a day out? I'm off work {day}.",
                        "Want to come to {place} with me and your cousins {day}?",
                        "Hey! Cinema on {day}? I've asked your {mum}.",
                        "Your {mum} said you've been bored. {place} on {day}?"))
    _say(s, kid, s.pick("yes!!", "can {pal} come", "yes pls", "what time", "ok cool"))
    _say(s, rel, s.pick("I'll pick you up at {time}, meet me outside.",
                        "Meet you at {place} at {time}, your {dad} is dropping you.",
                        "I'll pick you up from yours at {time}.",
                        "Yes if {pal}'s parents say ok. I'll pick you both up at {time}."))
    _say(s, kid, s.pick("ok", "yay", "see u then", "ok ill tell {mum}", "cant wait"))
    if s.chance(0.5):
        _catchup(s, rel, kid, s.rng.randint(1, 3))
    s.wait("days")
    _ex(s, rel, kid, (
        (("Outside!", "Here, come out.", "I'm here, by the gate."),
         ("coming", "omw", "1 sec", "coming now")),
        (("Running 10 mins late sorry!", "Stuck in traffic, 15 mins!"),
         ("ok np", "ok", "thats fine", "lol ok")),
        (("Where are you? I'm at the entrance by {store}.",),
         ("im here", "by the doors", "coming over now")),
    ))
    if s.chance(0.7):
        s.wait("hours")
        _ex(s, rel, kid, (
            (("Thanks for today, that was fun.", "Hope you had a good day!"),
             ("it was so fun", "thank u!!", "best day", "thank u for taking me")),
            (("Send me the pic of us at {place}!",), ("sent", "sending now", "ok")),
            (("Don't tell your {mum} how much {candy} we ate lol",),
             ("lol our secret", "she already knows", "🤐", "haha ok")),
        ))


def _aunt_uncle(s: Scene) -> None:
    _setup(s)
    _daytime(s)
    rel = _adult(s, 25, 56, ("adult", "casual", "casual"))
    kid = _kid(s)
    _warm(s, rel)
    s.ctx["me"] = s.rng.choice(("Auntie", "your auntie", "Uncle", "your uncle", "your aunt"))
    if s.chance(0.35):
        _catchup(s, rel, kid, s.rng.randint(1, 3))
        s.wait("days")
    plot = s.rng.choice((_aunt_party, _aunt_present, _aunt_day_out))
    plot(s, rel, kid)
    if s.chance(0.4):
        s.wait("weeks")
        _catchup(s, rel, kid, s.rng.randint(1, 4))


# ---------------------------------------------------------------------------
# hn_fam_older_sibling
# ---------------------------------------------------------------------------

_SIB_BANTER: tuple[tuple[str, Pool, Pool], ...] = (
    ("a", ("did u see what {dad} posted 💀", "{dad} just sent the worst joke in the group",
           "{mum} discovered gifs again help", "why is {mum} using the crying laughing emoji",
           "{dad} replied all to the whole family email again",
           "{gran} just voice noted the group chat for 4 mins"),
     ("lmaooo", "im so embarrassed", "we cant let them online", "i saw 😭",
      "someone take his phone", "4 MINS", "i muted it ages ago", "iconic tbh")),
    ("a", ("who ate my {candy}", "did u take my charger", "u took my {jumper} again didnt u",
           "where is my hairbrush", "did u use my headphones"),
     ("not me", "{petname} did it", "maybe", "its in ur room lol", "prove it",
      "borrowed. theres a difference", "check the car", "i'll give it back... eventually")),
    ("y", ("hows uni", "hows the new job", "is ur flat still gross", "hows ur course"),
     ("tired", "busy but good", "long shifts but the money is nice",
      "the fridge is a crime scene", "so much reading", "good, made loads of friends")),
    ("y", ("are u coming home this weekend", "when r u back", "r u coming for {gran}'s birthday"),
     ("maybe friday", "next week", "why do u miss me lol", "coming back for {mum}'s birthday",
      "exams so no", "yes saturday", "friday night if the train isnt cancelled")),
    ("o", ("how's {school}", "hows year {n} going", "is {subject} still ur worst",
           "still friends with {pal}?", "did u get the part in the play"),
     ("its fine", "boring", "yes its the worst", "yeah shes still my bsf", "i got it!!",
      "{subject} teacher hates me", "better than last year", "didnt audition lol")),
    ("a", ("have u heard the new {artist} song", "did u watch {show} yet",
           "{show} ending was so bad", "ur music taste is so bad"),
     ("yes its so good", "no dont spoil it", "its mid", "on repeat", "not yet",
      "ur taste is worse", "dont talk to me about {show}", "ok boomer")),
    ("a", ("can we play {game} later", "1v1 me in {game}", "get on {game}",
           "u still playing {game} or did u finally grow up"),
     ("u always lose", "after dinner", "bet", "im busy loser", "fine", "give me 10",
      "ur going down", "never growing up")),
    ("a", ("{mum} made {food} again", "what's for {dinner}", "{dad} burnt the {food} lol",
           "can u bring {food} home"),
     ("again??", "save me some", "{food} i think", "idk ask {mum}", "classic {dad}",
      "only if u pay", "on it")),
    ("o", ("u ok? u seemed quiet at dinner", "how was ur day", "u good?"),
     ("yeah just tired", "fine", "ok i guess", "can i call u later", "just {subject} stuff")),
    ("o", ("did {mum} tell u about {gran}", "did u hear {gran} is coming to stay"),
     ("yeah she told me", "no what", "yes for 2 weeks 😭", "yeah its fine")),
)


def _sib_banter(s: Scene, big: Person, small: Person, n: int) -> None:
    items = list(_SIB_BANTER)
    s.rng.shuffle(items)
    for who, first, second in items[:n]:
        if who == "a":
            x, y = (big, small) if s.chance(0.5) else (small, big)
        elif who == "o":
            x, y = big, small
        else:
            x, y = small, big
        _say(s, x, s.pick(*first), gap=s.rng.choice(("reply", "pause", "hours")))
        _say(s, y, s.pick(*second))
        if s.chance(0.3):
            _say(s, x, s.pick("lol", "💀", "whatever", "fair", "haha", "rude", "true",
                              "i hate it here", "anyway", "ur weird"))


Step = tuple[str, Pool]

_SIB_BITS: dict[str, tuple[tuple[Step, ...], ...]] = {
    "pickup": ((
        ("o", ("want me to pick u up from {spot}? im driving past",
               "{mum} asked me to get u at {time}, be outside",
               "ill pick u up after {sport}, dont make me wait",
               "im getting u from {spot} today, {mum}s stuck at work",
               "i'll pick you up at {time}, {mum} said to tell u",
               "need a lift from {spot}? i have the car today")),
        ("y", ("ok", "yes pls", "can u bring {food}", "can {pal} come too", "ok dont be late",
               "omg yes its freezing", "can we stop at {store}", "ok at the front gate",
               "yes but dont play ur music")),
        ("o", ("here", "outside", "hurry up", "in the car park", "where r u",
               "come on im on double yellows", "outside {store}, the grey car",
               "im here, ur late not me", "by the gate", "2 mins away")),
        ("y", ("coming", "1 sec", "omw", "chill", "saying bye to {pal}", "i see u",
               "walking out now", "ok ok")),
    ),),
    "dont_tell": ((
        ("y", ("dont tell {mum} i broke the remote", "pls dont tell {mum} i got a detention",
               "dont tell {dad} i failed the {subject} test", "if {mum} asks i was at {pal}s",
               "dont tell {mum} i spent all my birthday money on {currency}",
               "dont tell {dad} i scratched the car door with my bike",
               "promise u wont tell {mum} i lost my {jumper}")),
        ("o", ("ur secret is safe... for a price lol", "lol ok but u owe me {food}",
               "u should tell her tbh", "she'll find out anyway but ok",
               "tell her urself, she wont be that mad", "ugh fine but just this once",
               "bro the detention letter goes home anyway",
               "ok but if she asks me directly im not lying for u")),
        ("y", ("deal", "ugh fine", "ok ill tell her", "pls", "ur the best",
               "ok ok ill tell her tonight", "she will kill me")),
    ), (
        ("o", ("dont tell {mum} i was home at 3am lol", "if {mum} asks i left at 10 ok",
               "dont tell {dad} i dented the car a tiny bit",
               "dont tell {mum} but im getting her {gift} for her birthday",
               "dont say anything to {dad}, im booking him a surprise trip to see {team}",
               "shh dont tell {mum} im coming home friday, its a surprise")),
        ("y", ("what do i get", "lol ok", "ur so dead", "my silence costs {cash}", "im telling",
               "omg she'll love it", "wait ur coming home??", "zipped 🤐")),
        ("o", ("nothing", "fine {cash}", "ur a menace", "pls", "ok ill take u to {place}",
               "yes!! act normal", "ur the worst and the best")),
    )),
    "delete_pic": ((
        ("o", ("omg delete that pic lol i look so bad",
               "why did u send that pic of me to the family chat delete it",
               "delete that pic before {gran} sees it", "u better delete that video of me singing",
               "that pic of me asleep on the sofa. delete. now",
               "u posted me on ur story?? delete that lol")),
        ("y", ("never 💀", "its my lockscreen now", "too late {gran} liked it", "ok ok deleted",
               "u look fine lol", "its got 40 views already", "make me",
               "its art tho")),
        ("o", ("i hate u", "ur so annoying", "ill get u back", "delete it NOW", "lol ok fair",
               "i have baby pics of u too, remember that", "fine keep it, i do look iconic")),
    ),),
    "snap": ((
        ("o", ("add me on snap i got a new acc", "wait ur on snap now? does {mum} know lol",
               "add me on {app}, i deleted my old one", "u have discord now?? add me",
               "ur on {app}?? since when", "add me on insta, new account")),
        ("y", ("yeah she said i can at 13", "yes she set it up", "added", "whats ur username",
               "ur so old for having {app} lol", "since my birthday", "{mum} has my password dw")),
        ("o", ("ok make sure ur account is private",
               "ok put it on ghost mode so randoms cant see where u are",
               "cool, only add people u actually know ok",
               "nice. dont post ur school in ur bio",
               "good. dont accept randoms even if they have mutuals",
               "ok turn off the map thing")),
        ("y", ("i know", "ok", "it is", "ok {mum} 🙄", "done", "ur so paranoid",
               "whats the map thing", "already did")),
    ),),
    "protect": ((
        ("o", ("btw if anyone u dont know adds u and asks weird stuff like where u live, "
               "block them and tell me ok",
               "random people online who say theyre 15 usually arent. just saying",
               "u dont have to reply to anyone u dont know, even if theyre nice",
               "if someone ever asks u to keep a secret from {mum} online thats a red flag ok",
               "someone in my old school got scammed on {app}, be careful who u talk to",
               "if anyone online offers u free {currency} its a scam 100%")),
        ("y", ("i know 🙄", "ok ok", "someone did actually add me last week",
               "why r u being weird", "i dont talk to randoms", "we did this in school",
               "ok but what if they know {pal}", "i only play with {pal} and {pal2}")),
        ("o", ("good. tell {mum} too, she wont be mad",
               "did u block them? good. anything weird, tell me or {mum}",
               "im just saying bc i care ok", "good. ur not in trouble if u tell us stuff",
               "still. u can always tell me, no judgement",
               "good, keep it that way")),
    ),),
    "advice": ((
        ("y", ("{pal} is being weird to me", "i have so much homework i cant",
               "how do i ask to join the {sport} team",
               "do u think i should do {subject} or {hobby} next year",
               "everyone at school has {gift} except me",
               "how do i tell {mum} i want to quit {sport}",
               "i think i failed my {subject} test")),
        ("o", ("ignore it, it'll blow over", "do one thing at a time u got this",
               "just go to the trial, worst case they say no",
               "pick the one u actually like, not what ur friends do",
               "trust me nobody will care in a year",
               "talk to her tomorrow, probably a misunderstanding",
               "just tell her straight, she'll be fine. want me to be there",
               "u always say that and then get a B")),
        ("y", ("ok", "thanks", "ur actually helpful sometimes", "ok true", "i guess",
               "ok maybe", "will u help me tell her", "screenshotting this")),
    ),),
    "money": ((
        ("o", ("ill send u {cash} for ur bday, dont spend it all on {currency}",
               "sent u {cash} happy birthday loser",
               "i got paid, want to get {food} {day}? my treat",
               "got u a {card} card for ur bday, dont tell {mum} how much lol",
               "i'll buy u the new {game} if u stop stealing my {jumper}")),
        ("y", ("omg ty", "ur the best sibling", "its going on {currency} sorry", "yes!!",
               "wait really", "deal", "best sibling award")),
    ),),
}


def _older_sibling(s: Scene) -> None:
    _setup(s)
    _daytime(s)
    big = s.person(s.rng.randint(18, 26), s.rng.choice(("casual", "teen", "casual")),
                   p_unknown=s.rng.uniform(0.05, 0.2))
    kid = _kid(s)
    bits = list(_SIB_BITS)
    s.rng.shuffle(bits)
    _sib_banter(s, big, kid, s.rng.randint(0, 3))
    for i, bit in enumerate(bits[: s.rng.randint(2, 5)]):
        if i:
            s.wait(s.rng.choice(("days", "days", "hours", "weeks")))
        steps = s.rng.choice(_SIB_BITS[bit])
        for j, (who, pool) in enumerate(steps):
            _say(s, big if who == "o" else kid, s.pick(*pool),
                 gap="pause" if bit == "pickup" and j == 2 else "reply")
        if s.chance(0.35):
            _sib_banter(s, big, kid, s.rng.randint(1, 2))
    if s.chance(0.5):
        _sib_banter(s, big, kid, s.rng.randint(1, 4))


# ---------------------------------------------------------------------------
# hn_fam_step_or_cousin
# ---------------------------------------------------------------------------

def _step_or_cousin(s: Scene) -> None:
    _setup(s)
    _daytime(s, 9, 21)
    if s.chance(0.7):
        _stepparent(s)
    else:
        _adult_cousin(s)


def _stepparent(s: Scene) -> None:
    step = _adult(s, 30, 52, ("adult", "adult", "formal", "casual"))
    kid = _kid(s)
    mum: Person | None = None
    if s.chance(0.4):
        mum = _adult(s, 30, 52)
        _warm(s, mum)
        _say(s, mum, s.pick("Adding {adult} to this chat so we can sort lifts.",
                            "Made a group so we can all sort {day}.",
                            "Hi both, new chat for logistics!",
                            "Group chat for the three of us, so nobody gets left at school!"))
    _ex(s, step, kid, ((
        ("Hi {kid}, it's {adult}. Your {mum} gave me your number, hope that's ok.",
         "Hey {kid}, {adult} here. Your {mum} said I could message about {day}.",
         "Hi {kid}! Just saved your number. It's {adult}.",
         "Hello {kid}, it's {adult}. Hope your day's going ok."),
        ("hi", "ok", "hey", "hi yeah thats fine", "hi {adult}", "hey 👋")),))
    if mum is not None and s.chance(0.6):
        _say(s, mum, s.pick("Be nice 😂", "Thanks love x", "{adult} is picking you up {day}, ok?",
                            "Thank you both x"))
    plots: dict[str, tuple[Pair, ...]] = {
        "pickup": (
            (("Your {mum}'s stuck at work so I'll pick you up from {spot} today, she's "
              "texting you too.",
              "I'll pick you up at {time}, your {mum} and I will both be in the car."),
             ("ok", "{mum} said", "ok thanks", "ok see u then", "thanks")),
            (("Are you alone at {spot} or is {pal} with you? I'm about 10 mins away.",
              "I'm nearly at {spot}. Is {pal} still with you?"),
             ("with {pal}", "{pal} just left", "im with {pal} and her mum", "just me")),
            (("I'm outside {spot}, grey car. Your {mum} said you'd know it.",
              "Here - parked by the gate."),
             ("ok coming", "i see u", "1 sec", "coming")),
        ),
        "gift": (
            (("Your {mum} said you like {game}, I got you the new one. Checked with her first, "
              "hope that's ok.",
              "Saw this {jumper} and thought of you - your {mum} says it's your style, but "
              "the receipt's in the bag if not!",
              "Got you a {card} gift card for your birthday, your {mum} helped me pick. "
              "Happy birthday!"),
             ("thanks", "oh cool thank you", "thank you thats nice", "wow thanks",
              "thanks, i love {game}", "its actually nice thanks")),
        ),
        "name": (
            (("No pressure to call me anything but {adult} by the way :)",
              "I know this is all a bit new. No rush on anything, ok?",
              "I'm not trying to replace your {dad}, just want us to get along.",
              "If you ever want space when I'm round, that's totally fine."),
             ("ok", "thanks", "ok cool", "yeah ok", "thats fine", "ok thanks {adult}")),
        ),
        "food": (
            (("Your {mum} and I are grabbing {food} tonight, any requests?",
              "I'm cooking {dinner} tonight, anything you don't eat?",
              "Doing a shop, want anything?"),
             ("{food}", "no mushrooms pls", "{candy}", "anything", "no thanks",
              "can u get the {food} from {store}")),
        ),
        "proud": (
            (("Your {mum} showed me your {subject} result, well done!",
              "Heard you scored on {day}! Sorry I missed it.",
              "Your {mum} says you got into the {sport} team. Proud of you."),
             ("thanks", "haha thanks", "thx", "thank u", "it was only a B but thanks")),
            (("You're honestly better at {game} than me, it's embarrassing.",
              "Rematch at {game} later? I've been practising."),
             ("lol you are bad at it", "ok but ill win", "haha rematch", "u wont win")),
        ),
        "outing": (
            (("Your {mum} and I are going to {place} on {day}, want to come?",
              "Would you like to bring {pal} to {place} with us at the weekend?",
              "We've got spare tickets for {team} on {day} if you fancy it."),
             ("maybe", "can {pal} come", "ok", "yeah sure", "what time", "yes!!")),
        ),
    }
    names = list(plots)
    s.rng.shuffle(names)
    for i, name in enumerate(names[: s.rng.randint(2, 5)]):
        if i:
            s.wait(s.rng.choice(("days", "weeks", "hours")))
        _ex(s, step, kid, plots[name])
        if name in ("pickup", "outing") and mum is not None and s.chance(0.7):
            _say(s, mum, s.pick("Yes {adult} is getting you today!", "Thanks {adult} x",
                                "Confirming, {adult} is collecting x",
                                "Yes {pal} can come, I'll ask her mum.", "Leaving at {time}!"))
        elif s.chance(0.3):
            _say(s, step, s.pick("Ha, noted!", "Great.", "No worries.", "Brilliant.",
                                 "Ok, see you later."))
        if s.chance(0.3):
            _catchup(s, step, kid, s.rng.randint(1, 2))
    if s.chance(0.5):
        _catchup(s, step, kid, s.rng.randint(2, 5))


def _adult_cousin(s: Scene) -> None:
    cousin = s.person(s.rng.randint(19, 30), s.rng.choice(("casual", "teen")),
                      p_unknown=s.rng.uniform(0.05, 0.2))
    kid = _kid(s)
    _ex(s, cousin, kid, (
        (("hey its {pal2}, ur cousin lol. {mum} gave me ur number",
          "yo its ur cousin {pal2}, auntie said ur into {game}"),
         ("hi", "oh hi", "omg hi", "hey {pal2}", "yeah i love {game}")),
        (("hiii its {pal2}! my mum said ur coming to the reunion",
          "hey cuz, are u coming to {gran}'s on {day}?"),
         ("yeah we are", "yes", "i think so", "yes {mum} said")),
    ))
    _ex(s, cousin, kid, (
        (("how old are u now?? last time i saw u u were like 6",
          "wait what year are u in now"),
         ("{age}", "im {age} lol", "{age} now", "year {n} lol i mean im {age}")),
        (("ur so grown up now {gran} showed me pics",),
         ("lol", "{gran} shows everyone my pics", "omg which ones")),
    ))
    _say(s, cousin, s.pick("no way. i feel ancient", "crazy. time flies",
                           "omg. ok sit with me at {gran}'s, the adults are so boring",
                           "ok ur officially my favourite cousin"))
    _catchup(s, cousin, kid, s.rng.randint(2, 5))
    s.wait("days")
    _ex(s, cousin, kid, (
        (("ok we're at {gran}'s, where r u", "here, where r u"),
         ("in the car", "10 mins", "nearly there", "parking")),
        (("save me a seat lol", "bring {game} if ur coming"),
         ("ok", "bet", "already packed it", "ok lol")),
    ))
    if s.chance(0.6):
        s.wait("days")
        _ex(s, cousin, kid, (
            (("that was fun, add me on {app} if u want, {mum} has it too lol",),
             ("ok", "added", "ok whats ur name on it")),
            (("send me the pic of us and {gran}",), ("sent", "sending now", "ok 1 sec")),
            (("tell auntie i said thanks for the lift",), ("ok", "will do", "i will")),
        ))


# ---------------------------------------------------------------------------
# hn_fam_neighbour_petsit
# ---------------------------------------------------------------------------

_PET_DID: Pool = ("fed {petname}", "gave {petname} breakfast", "did the morning feed",
                  "did the evening feed", "fed him and changed the water", "all fed",
                  "went round after school", "just been round", "food done",
                  "topped up the water and food")
_PET_GENERIC: Pool = ("Thank you! You're a star.", "Perfect, thank you.",
                     "Great stuff, thanks {kid}.",
                     "You're doing a brilliant job.", "Thank you, that's so helpful.",
                     "Lovely. We're having a nice time here.", "Brilliant, thanks.")
_PET_HOW: tuple[Pair, ...] = (
    (("he's fine", "she ate it all", "all good", "he's so cute"), _PET_GENERIC),
    (("he followed me around the whole time", "she wanted cuddles lol",
      "{petname} was asleep on the sofa", "he sat on my homework 😂"),
     ("Ha, he likes you!", "He's such a softie. Thank you.", "That's his favourite spot.",
      "Aw, he's a sucker for attention.")),
    (("he's hiding under the sofa", "she was meowing at the window",
      "he looks a bit sad without u"),
     ("Ha, that's normal, he'll come out.", "Oh bless him. We miss him too.",
      "He does that, don't worry.")),
    (("he knocked over a plant sorry", "he knocked the post off the table"),
     ("Don't worry about the plant!", "Ha, he does that. Don't worry!")),
    (("your post is on the table", "the heating came on is that ok"),
     ("Heating's fine, thank you for checking.", "Thank you, you're very thorough!")),
    (("sent u a pic",), ("Aw, lovely photo.", "Look at him! Thank you.")),
)


def _neighbour_petsit(s: Scene) -> None:
    _setup(s)
    _daytime(s)
    nb = s.person(s.rng.randint(28, 78), s.rng.choice(("adult", "elder", "casual", "formal")),
                  p_unknown=s.rng.uniform(0.05, 0.2))
    kid = _kid(s, 11, 16)
    _say(s, nb, s.pick(
        "Hi {kid}, it's {adult} from number {n}. Your {mum} said you might be able to feed "
        "{petname} while we're away from {day}?",
        "Hello {kid}, {adult} next door here. Your {dad} gave me your number. Would you be "
        "up for looking after our {pet} for a few days?",
        "Hi {kid}! It's {adult} from across the road. We're going away and your {mum} "
        "suggested you might feed {petname}. We'll pay you of course!",
        "Hi, is this {kid}? It's {adult}, {petname}'s owner. Your {mum} said to text you.",
        "Hiya {kid}, {adult} at number {n} here. Spoke to your {dad} - fancy a little "
        "pet-sitting job from {day}?",
        "Hello {kid}. This is {adult}, your neighbour. Your {mum} mentioned you love animals. "
        "Would you feed our {pet} while we visit family?"))
    _say(s, kid, s.pick("hi yes!", "yeah i can do that", "yes {mum} said", "sure", "yes how much",
                        "ok! what do i have to do", "yes!! i love {petname}", "hi, yeah sure",
                        "how many days", "yes i can do mornings and after school"))
    _say(s, nb, s.pick("Brilliant. Just food morning and evening, and fresh water.",
                       "Thank you! Half a scoop twice a day, instructions are on the fridge.",
                       "Great. Food is in the cupboard under the sink. Morning and after school.",
                       "Lovely. Feeding and a quick check, that's all.",
                       "Four days. Food twice a day and a bit of company if you have time.",
                       "Fantastic. I'll write it all down for you.",
                       "You're a lifesaver. It's only feeding, {petname} is very easy."))
    if s.chance(0.5):
        _say(s, kid, s.pick("does he need walking", "what if he doesnt eat", "does she bite lol",
                            "can {pal} come with me", "what time should i go"))
        _say(s, nb, s.pick("No walks, just food and fuss.", "Don't worry if he skips one.",
                           "Only if you're a biscuit! She's a softie.",
                           "If your {mum} says it's fine, of course.",
                           "Any time before school and about 5ish is perfect."))
    _say(s, nb, s.pick("I've left the spare key with your {dad}.",
                       "Key is in the lockbox, your {mum} has the code.",
                       "I'll drop the key round to your {mum} tonight.",
                       "Key's under the plant pot, your {dad} knows which one.",
                       "I'll give you the key on {day} with your {mum} there so I can show you."))
    _say(s, kid, s.pick("ok", "ok got it", "ok thank u", "👍", "cool", "ok ill tell {dad}",
                        "perfect"))
    if s.chance(0.6):
        _say(s, nb, s.pick("How old are you now by the way? {mum} said you're very responsible.",
                           "You're {age} now? Goodness.",
                           "Is your {mum} popping in with you the first time?",
                           "How old are you now {kid}, I've lost track!"))
        _say(s, kid, s.pick("{age}", "yeah {age}", "{mum} will come the first time",
                            "{age}, i look after {pal}s {pet} too"))
    if s.chance(0.3):
        _catchup(s, nb, kid, s.rng.randint(1, 2))
    for d in range(s.rng.randint(2, 5)):
        s.wait("days" if d else s.rng.choice(("days", "weeks")))
        if s.chance(0.5):
            _say(s, nb, s.pick("Morning! All ok with {petname}?", "How's {petname} getting on?",
                               "Send me a pic of {petname} if you get a chance!",
                               "Could you send me a photo of {petname} so I know he's ok?",
                               "Hope {petname} is behaving!", "Everything alright at the house?",
                               "Greetings from {city}! How's our furry friend?",
                               "Did {petname} eat last night?", "Any dramas?"))
        line = s.pick(*_PET_DID)
        reacts = _PET_GENERIC
        if s.chance(0.75):
            details, reacts = s.rng.choice(_PET_HOW)
            line = f"{line}, {s.pick(*details)}"
        _say(s, kid, line)
        _say(s, nb, s.pick(*reacts))
        if s.chance(0.2):
            _say(s, kid, s.pick("np", "no problem", "😊", "hes the best", "ok see u {day}"))
    s.wait("days")
    _say(s, nb, s.pick("We're back! Thank you so much. I've left {cash} with your {mum} for you.",
                       "Home now. {petname} looks very happy. Here's some money for helping, "
                       "I'll pop it round.",
                       "Thank you {kid}! I've given your {dad} an envelope for you.",
                       "Back safe. Thank you, you did a brilliant job. Will drop {cash} round.",
                       "We're home. {petname} is fed and happy. {cash} coming your way!",
                       "Thanks so much {kid}. Have put a little something through your door."))
    _say(s, kid, s.pick("thank you!!", "no problem", "u dont have to", "yay thanks",
                        "anytime, {petname} is so cute", "thank u, it was fun",
                        "omg thank u, {mum} said i have to give the key back"))
    if s.chance(0.5):
        _say(s, nb, s.pick("Can we book you again for the summer?",
                           "Keep the key till tomorrow, no rush.", "Say thanks to your {mum} too.",
                           "We'll definitely ask you again.", "{petname} says thank you too!"))
        _say(s, kid, s.pick("yes!", "ok", "definitely", "will do", "yes pls", "😊"))


# ---------------------------------------------------------------------------
# hn_fam_godparent
# ---------------------------------------------------------------------------

def _godparent(s: Scene) -> None:
    _setup(s)
    _daytime(s)
    god = _adult(s, 30, 62, ("adult", "adult", "formal", "casual"))
    kid = _kid(s)
    _warm(s, god)
    event, congrats = s.rng.choice((
        ("confirmation", "Congratulations on your confirmation! So proud of you."),
        ("birthday", "Happy birthday!! Hope it's a brilliant one."),
        ("birthday", "Happy birthday to my favourite godchild!"),
        ("first communion", "Congratulations on your communion, you looked so grown up."),
        ("school play", "Bravo! Your {mum} sent me a video of the play. You were brilliant."),
        ("recital", "Your {dad} sent me the recording of your recital. Wow!"),
        ("graduation", "Congratulations, graduate! Your {mum} sent the photos."),
    ))
    s.ctx["event"] = event
    _ex(s, god, kid, (
        (("Hi {kid}! Your {mum} tells me your {event} is coming up!",
          "Hello my favourite godchild. Your {dad} says it's your {event} soon."),
         ("hi!", "yeah its on {day}", "yes!!", "hiii, yes", "yes im so nervous")),
        (("Hi {kid}, it's {adult}, your godparent, in case you don't have my number saved!",
          "Hey {kid}! Spoke to your {mum} last night, heard all your news."),
         ("hi {adult}", "hi!!", "saved it", "hiii", "what news lol")),
    ))
    if s.chance(0.65):
        _catchup(s, god, kid, s.rng.randint(2, 5))
    _ex(s, god, kid, (
        (("What would you like as a present? Tell me or I'll get you socks.",
          "Any ideas for a present? Otherwise it's socks again."),
         ("{gift} pls", "no socks lol", "anything is fine", "{mum} said i could get {gift}",
          "{card} card?")),
        (("I've sorted with your {mum}, I'm taking you to {place} after your {event} "
          "if you'd like.",
          "Your {mum} and I thought a trip to {place} might be nice - would you like that?"),
         ("yes!!", "can we go to {place} and get {food}", "yes pls", "omg yes",
          "can {pal} come")),
        (("Shall I bring your present on {day} or post it? Asking your {mum} too.",),
         ("bring it!!", "post it pls", "bring it and stay for {dinner}", "ill ask {mum}")),
    ), gap="pause")
    _say(s, god, s.pick("Deal.", "Consider it done.", "I'll check with your {mum} and sort it.",
                        "Ok! I'll sort the details with your {mum}.",
                        "Lovely, I'll pick you up on {day} at {time} then, your {mum} said "
                        "that works."))
    s.wait(s.rng.choice(("days", "weeks")))
    _say(s, god, s.fill(congrats))
    _say(s, kid, s.pick("thank u!!", "thanks so much for the present", "thank you i love it",
                        "thank u, i was so nervous", "thanks {adult}"))
    if s.chance(0.6):
        _ex(s, god, kid, (
            (("Send me a pic of your certificate, your {dad} said you did brilliantly!",
              "Send me a photo of you all dressed up!"),
             ("sent", "ok 1 sec", "{mum} is sending it", "here")),
            (("You're so mature these days, your parents must be proud.",
              "You've grown up so much this year."),
             ("lol thanks", "thank u", "haha", "{mum} says im still a baby")),
        ))
    if s.chance(0.6):
        _ex(s, god, kid, (
            (("Give your {mum} a hug from me.", "Tell your {dad} I owe him a coffee."),
             ("ok", "will do", "ok i will")),
            (("I'll come and see you all on {day}.", "Coming to yours for {dinner} on {day}!"),
             ("yay", "see u then", "yay!!")),
        ))
    if s.chance(0.45):
        s.wait("weeks")
        _ex(s, god, kid, (
            (("Good luck with {subject} tomorrow!",), ("thanks", "thank u!!", "im so nervous")),
            (("Just thinking of you. How are things?", "How's everything, {kid}?"),
             ("good!", "good thanks", "busy lol", "ok, tired")),
        ))
        if s.chance(0.7):
            _catchup(s, god, kid, s.rng.randint(1, 4))


# ---------------------------------------------------------------------------
# benign_fam_group
# ---------------------------------------------------------------------------

Triple = tuple[Pool, Pool, Pool]

_GROUP_TOPICS: dict[str, tuple[Triple, ...]] = {
    "dinner": (
        (("Who's in for {dinner} tonight?", "Takeaway tonight? Vote now.",
          "What does everyone want for {dinner}?", "{food} or {food} tonight?"),
         ("me", "{food}!!", "vote {food}", "{food} 🙏", "ill be late, save me some",
          "im at {pal}s till 7", "can we have {food} instead", "me pls"),
         ("Ok.", "Noted.", "{food} it is.", "Democracy has spoken: {food}.", "Fine!")),
        (("I'm at {store}, anything we need?", "Doing a shop, shout now or never"),
         ("milk", "bread", "{candy} pls", "eggs and cheese", "shampoo", "nope"),
         ("Got it.", "No {candy}, nice try.", "Ok.", "Thank you!")),
        (("Running late, can someone put the oven on?", "Dinner at {time}, be home please"),
         ("oven's on", "ok", "ill be back by {time}", "on it", "cant, im at {sport}"),
         ("Thank you!", "Legend.", "Ok, see you then.")),
    ),
    "photo": (
        (("Look at {petname} 😂", "{petname} in his new bed", "Look who fell asleep on the sofa"),
         ("aww", "love this", "haha", "{petname} is so cute", "he looks so guilty", "omg"),
         ("Framing it.", "So cute.", "Going on the fridge.")),
        (("Found this old photo of {kid}", "Throwback to the {holiday}",
          "{sib}'s first day, look how tiny", "Pic from {day}!"),
         ("omg delete that", "i look awful", "why is my face like that", "who took that",
          "I remember that day", "that was the best {holiday}", "send it to {gran}!"),
         ("Not deleting", "😂😂", "You look lovely, stop it.", "Sent it to {gran} already.")),
        (("Can someone send me the pics from the party",
          "Who's got the photo from {gran}'s? Everyone's eyes open for once"),
         ("sending", "i have it", "can u send me the original", "sent"),
         ("Thank you!", "Got it.", "Lovely.")),
    ),
    "birthday": (
        (("Don't forget it's {gran}'s birthday {day}!", "Who's signing the card for {gran}?"),
         ("what are we getting her", "i made a card", "i forgot", "how old is she",
          "ill sign it tonight"),
         ("Flowers and {candy}.", "Lovely, thank you.", "Shh, she's 70, don't tell her I told you.",
          "Kitchen table, sign it before school.")),
        (("It's {dad}'s birthday tomorrow, who's doing the cake?",
          "Reminder: party at {time} on {day}"),
         ("can i bake the cake", "i'll do balloons", "can we get {food} for the party",
          "me!", "i'll make a card"),
         ("Yes please bake!", "Balloons, perfect.", "Good.", "I'll sort it.")),
        (("Happy birthday {sib}!! 🎉", "Happy birthday to the best {sibling} 🎂"),
         ("happy birthday!!", "🎉🎉", "hbd", "happy birthday old man", "ur so old now"),
         ("Thank you all x", "Love you all.", "Cake at {time}!")),
    ),
    "joke": (
        (("Why did the scarecrow win an award? Because he was outstanding in his field.",
          "I'm reading a book on anti-gravity. Impossible to put down.",
          "What do you call a fake noodle? An impasta.",
          "I told a chemistry joke but got no reaction.",
          "I only know 25 letters of the alphabet. I don't know y.",
          "Did you hear about the restaurant on the moon? Great food, no atmosphere.",
          "I'm on a seafood diet. I see food and I eat it."),
         ("no", "please stop", "💀", "leaving the chat", "{dad} why",
          "that was bad even for you", "who let him have a phone", "muting this chat",
          "ok that one was funny", "🙄"),
         ("Don't encourage him.", "😂", "Ignore him.", "I married this.", "I laughed, sorry.",
          "He's been saving that one all day.")),
    ),
    "lost": (
        (("Who has my charger", "Who's got the remote?", "Where's the good scissors?",
          "Who took the car keys?", "Has anyone seen my {jumper}?"),
         ("not me", "{sib}", "check the kitchen", "ur room", "🙃", "on the stairs", "in the car",
          "{petname} took it", "wasnt me this time"),
         ("Found it.", "Thanks.", "It was in MY bag. Sorry all.", "Putting a tracker on it.")),
    ),
    "plans": (
        (("{place} on {day}, everyone free?", "Bowling on {day} for {sib}'s birthday?",
          "Shall we go to {gran}'s on {day}?"),
         ("yes!!", "can {pal} come", "do i have to", "i have {sport} till 2",
          "cant, {pal}s party", "sounds fun", "what time"),
         ("Ask her mum.", "You do have to.", "We'll go after {sport}.",
          "Fine, we'll do {day} instead.", "Leaving at {time}.")),
        (("{holiday} planning - {city} or stay home?", "Where shall we go for the {holiday}?"),
         ("{city}!!", "somewhere with a pool", "stay home and sleep", "{city} pls"),
         ("{city} it is then.", "We'll see what's cheap.", "Noted.")),
        (("I'm picking you up at {time} from {spot}", "Leaving at {time} sharp, be ready!"),
         ("ok", "can we leave at {time} instead", "ok ill be ready", "👍"),
         ("{time}. Sharp.", "Ok.", "No later please.")),
    ),
    "pet": (
        (("{petname} has eaten a sock again", "{petname} is sitting in the washing basket",
          "Who let {petname} on the sofa?"),
         ("not me", "typical", "lol", "he looks so guilty", "poor {petname}", "vet?"),
         ("He's fine.", "Classic.", "Vet says he's just greedy.")),
        (("Who fed {petname}?", "Has anyone fed {petname}?"),
         ("me", "i did this morning", "not me", "{sib} did"),
         ("Don't feed him twice!", "Thanks.", "Ok good.")),
    ),
    "chores": (
        (("Bins go out tonight!", "Dishwasher needs emptying",
          "Washing basket is overflowing, hint hint", "Rooms tidy before {day} please"),
         ("not my turn", "ok", "it was {sib}", "after this episode", "i did it yesterday",
          "on it", "{sib}s turn", "in 5 mins"),
         ("Now please.", "Thank you!", "I don't care whose turn.", "Legend, thanks.",
          "5 minutes means 5 minutes.")),
        (("Whoever used the last of the milk...", "Who ate the last {candy}?"),
         ("not me", "{sib}", "wasnt me", "{petname}", "👀"),
         ("Sure.", "Suspicious.", "Milk tomorrow then.")),
    ),
    "school": (
        (("Non-uniform day tomorrow, don't forget {cash}!",
          "Trip money for {city} is due {day}"),
         ("can i wear my {jumper}", "ok", "i forgot to give u the letter sorry",
          "can i have it in coins"),
         ("Ok.", "Letters go in the kitchen please!", "Yes, wear what you like.")),
        (("Who needs a lift to school tomorrow?",),
         ("me", "i need a lift", "{sib} needs one too",
          "ive got {sport} after so i need picking up"),
         ("Ok, leaving at 8.", "Noted, I'll pick you both up.")),
        (("Parents' evening is {day} at {time}",),
         ("do u have to come", "ok", "pls dont talk to my {subject} teacher"),
         ("Yes we have to come.", "I'll talk to whoever I like!")),
        (("School says there's a bake sale {day}, can someone make something?",),
         ("i'll make brownies", "me!", "can we buy some and pretend"),
         ("Brownies it is.", "Ha, no.")),
    ),
    "weather": (
        (("Snow tomorrow apparently!", "Take a coat, it's going to pour."),
         ("SNOW DAY", "it never snows here", "im not wearing a coat", "yay"),
         ("Coat. Non-negotiable.", "Don't get your hopes up.")),
        (("Anyone want to go to the beach on {day}? It'll be 25 degrees",),
         ("beach!!", "yes", "can {pal} come", "only if we get {food}"),
         ("Beach on {day} then.", "Ok!")),
        (("Power cut on our road, anyone else?",),
         ("yes ours is out too", "can we get {food} if the oven doesnt work", "wifi is dead 😭"),
         ("{food} it is, power's not coming back till 8.", "Board games then.")),
    ),
    "news": (
        (("{sib} passed the driving test!!", "{kid} got player of the match today 🎉",
          "{kid}'s {subject} report came home, very proud", "Guess who got into the {sport} team"),
         ("WELL DONE", "congrats!!", "omg yay", "so proud", "🎉🎉", "thats amazing", "finally"),
         ("Celebration {food} tonight.", "Proud of you all.")),
        (("{gran} is out of hospital and doing well",),
         ("yay {gran}", "omg good", "can we visit", "❤️"),
         ("Let's go see {gran} on {day}.", "She says thank you for the cards x")),
    ),
    "tech": (
        (("How do I change the wifi password?", "Can someone show me how to send a video?",
          "Why is my phone talking to me", "The TV is on the wrong channel and I can't fix it"),
         ("turn it off and on", "ill show u later", "press the button with the arrow",
          "its ur settings", "just ask {sib}", "pls dont touch anything"),
         ("Fixed it!", "Still broken.", "Thank you, I'm a genius now.",
          "I've turned it off. We'll read a book.")),
    ),
}


_GROUP_ADULT_ANS: dict[str, Pool] = {
    "dinner": ("Me!", "I'll be late, save me some.", "Count me in.", "Anything but {food}.",
               "On my way home now, I'll grab bread."),
    "photo": ("Love it.", "Ha!", "Gorgeous.", "Send me that one.", "Where was that?"),
    "birthday": ("I'll get the card.", "Count me in.", "I've ordered flowers.", "Ha, noted."),
    "joke": ("Groan.", "Why are you like this.", "😂", "Ha, ok that's good."),
    "lost": ("Not me.", "Don't look at me.", "Check the car.", "Kitchen drawer?"),
    "plans": ("Good idea.", "I'm free after 2.", "Count me in.", "I'll drive."),
    "pet": ("Not me.", "Ha, brilliant.", "That dog.", "Not again!"),
    "chores": ("Seconded.", "I did them last week!", "👍", "On it."),
    "school": ("I'll do it.", "Noted.", "I can take them.", "It's in the calendar."),
    "weather": ("Ours too.", "Ha, optimistic.", "Coats!", "I'll bring the umbrella."),
    "news": ("Amazing news!", "So proud.", "Brilliant!", "Well done!!"),
    "tech": ("Turn it off and on again.", "I'll call you.", "Ask the kids!",
             "Have you tried the settings?"),
}
_PARENT_OPENS = frozenset({"dinner", "birthday", "school", "news", "chores", "plans"})


def _fam_group(s: Scene) -> None:
    _setup(s)
    _daytime(s)
    mum = _adult(s, 32, 55)
    dad = _adult(s, 32, 58, ("adult", "casual", "formal"))
    kids = [_kid(s)]
    if s.chance(0.55):
        kids.append(_kid(s, 10, 19))
    if s.chance(0.2):
        kids.append(_kid(s, 10, 16))
    everyone: list[Person] = [mum, dad, *kids]
    _warm(s, mum, dad)
    elder: Person | None = None
    if len(everyone) < 5 and s.chance(0.4):
        elder = s.person(s.rng.randint(60, 85), "elder", p_unknown=s.rng.uniform(0.05, 0.2))
        everyone.append(elder)
        _warm(s, elder)
    parents = [mum, dad]
    names = list(_GROUP_TOPICS)
    s.rng.shuffle(names)
    for i, name in enumerate(names[: s.rng.randint(3, 8)]):
        if i:
            s.wait(s.rng.choice(("hours", "days", "days", "pause")))
        opener, answers, closers = s.rng.choice(_GROUP_TOPICS[name])
        if name == "joke":
            first = dad
        elif name == "tech":
            first = elder if elder is not None else s.rng.choice(parents)
        elif name in _PARENT_OPENS or s.chance(0.4):
            first = s.rng.choice(parents)
        else:
            first = s.rng.choice(everyone)
        _say(s, first, opener[s.rng.randrange(len(opener))])
        others = [p for p in everyone if p is not first]
        s.rng.shuffle(others)
        for who in others[: s.rng.randint(1, len(others))]:
            if who not in kids and s.chance(0.55):
                continue
            pool = answers if who in kids else _GROUP_ADULT_ANS[name]
            _say(s, who, s.pick(*pool), gap=s.rng.choice(("reply", "reply", "pause")))
        if s.chance(0.55):
            _say(s, first, s.pick(*closers))
        if elder is not None and s.chance(0.25):
            extra = {"photo": ("Lovely photo. Love {gran} x", "I can't see the picture."),
                     "joke": ("Very funny. {grandad} laughed.",),
                     "pet": ("Who is {petname}? Oh the {pet}, yes.",)}.get(name, ())
            _say(s, elder, s.pick("Thank you all, lovely to be in the group chat!",
                                  "What are you all talking about?",
                                  "Is this the family chat? Hello everyone.", *extra, *extra))
            if s.chance(0.6):
                _say(s, s.rng.choice(kids), s.pick("hi {gran}!!", "lol hi {gran}",
                                                   "{gran} u dont have to sign ur messages",
                                                   "its in the chat {gran}, scroll up"))


# ---------------------------------------------------------------------------
# benign_fam_parent_chores
# ---------------------------------------------------------------------------

_CHORE_BLOCKS: tuple[tuple[str, tuple[Triple, ...]], ...] = (
    ("p", (
        (("Have you emptied the dishwasher?", "Can you take the bins out?",
          "Please tidy your room before I get home", "Hang the washing up please",
          "Feed {petname} please", "Put your {shoes} away, they're all over the hall",
          "Can you hoover the stairs before {gran} comes?", "Make your bed before school please",
          "Your towel is on the floor again."),
         ("in a min", "after this episode", "can i do it after {dinner}", "5 mins", "ok in a sec"),
         ("Now please.", "5 minutes means 5 minutes.", "Before {dinner}, not after.",
          "I'm counting.")),
        (("Have you emptied the dishwasher?", "Can you take the bins out?",
          "Hang the washing up please", "Feed {petname} please"),
         ("its not my turn", "why me", "i did it yesterday", "{sib} never does it"),
         ("It is your turn.", "Because I asked nicely.", "{sib} does plenty.",
          "I'm not arguing, just do it please.")),
        (("Please tidy your room before I get home",
          "Can you hoover the stairs before {gran} comes?",
          "Hang the washing up please"),
         ("how much will u pay me lol", "can i have {cash} for it"),
         ("Pay you? I feed you!", "Nice try.", "Ha. Tidy room = wifi password.")),
        (("Have you emptied the dishwasher?", "Feed {petname} please",
          "Can you take the bins out?",
          "Make your bed before school please"),
         ("done", "already did it 😇", "yes {mum}", "did it this morning", "ok done"),
         ("Thank you!", "You're a star, thank you.", "Look at you! Thanks.", "Legend.")),
    )),
    ("p", (
        (("Homework done?", "Have you done your {subject}?", "How much homework tonight?"),
         ("nearly", "loads", "just {subject}", "half", "not yet"),
         ("Do it before screens.", "Ok, tonight then.", "Get it done before {dinner}.")),
        (("Homework done?", "Did you hand in the {subject} project?", "Reading log signed?"),
         ("yes", "done", "handed it in today", "yes its in my bag"),
         ("Good.", "Great stuff.", "Well done.")),
        (("Did you remember your {subject} book?", "Did you hand in the {subject} project?"),
         ("i forgot", "i left it in my locker 😬", "its due {day} actually"),
         ("Email your teacher then.", "Ok, tomorrow then. Put a reminder in.", "Phew, ok.")),
        (("Have you done your {subject}?", "Need help with homework?"),
         ("can u help me later", "whats 7x8 lol", "i dont get the {subject} one"),
         ("I'll help after {dinner}.", "56. Do your own homework!", "Show me when I'm home.")),
    )),
    ("p", (
        (("Off the Xbox by {time} please", "That's enough {game} for today",
          "Phone off at 9, school night", "Screens off, dinner's ready",
          "How long have you been on that screen?"),
         ("5 more mins", "can i have 10 more", "noooo", "fineee", "not that long"),
         ("5 minutes, then off.", "Ok, 10, that's it.", "No. Off.",
          "Off or I change the wifi password.")),
        (("Off the Xbox by {time} please", "That's enough {game} for today"),
         ("im in a match", "i cant pause its online", "but {pal} is still on"),
         ("Finish the match then off.", "{pal}'s parents aren't me.", "Last one then.")),
        (("Wifi goes off at 10, just so you know", "Phone on the landing at 9 please"),
         ("ok", "😭", "can it be 10:30 on friday", "ok fine"),
         ("Thanks.", "Friday, maybe.", "Good.")),
    )),
    ("k", (
        (("whats for {dinner}", "what are we having tonight"),
         ("{food}.", "{food}, your favourite.", "Leftovers.", "Whatever's in the freezer."),
         ("yay", "ugh", "ok", "again?", "yesss")),
        (("can we get {food}", "can we have {food} on {day}"),
         ("Maybe on {day}.", "If you do your chores.", "We'll see."),
         ("ok", "deal", "pls", "🙄")),
        (("im hungry", "are there any snacks", "is there any {candy}"),
         ("Have some fruit.", "Not before {dinner}!", "Toast. Don't eat all the bread.",
          "There's yoghurt in the fridge."),
         ("ugh fine", "ok", "🙄", "fine")),
        (("can i make pancakes",), ("If you clean up after.", "Go on then.", "Not tonight."),
         ("deal", "yay", "ok", "ugh")),
    )),
    ("p", (
        (("At {store}, need anything?", "Shopping now, want anything?",
          "Last chance, what do you want from {store}?"),
         ("{candy}", "{food}", "the cereal with the monkey on it", "shampoo", "no"),
         ("Ok.", "Not today.", "Got it.", "We'll see.")),
        (("Do you need anything for school?",),
         ("glue stick", "a new pencil case pls", "new {shoes}", "a calculator"),
         ("Got it.", "Ok, I'll look.", "{shoes} are NOT a quick shop!")),
    )),
    ("k", (
        (("can i go to {place} with {pal}", "can i go out after school"),
         ("Whose parents are going?", "Who else is going?", "Is {pal}'s mum going?"),
         ("her mum is", "just me and {pal}, her mum is dropping us", "yes her mum is")),
        (("can {pal} come over on {day}", "can i stay at {pal}s on {day}"),
         ("Not on a school night.", "If your room's tidy.", "Let me speak to {pal}'s mum first.",
          "Yes, back by {time}."),
         ("ok", "its tidy", "pleaseee", "ok ill ask her", "thank u!!")),
    )),
    ("p", (
        (("Can you get the washing in, it's raining!", "Is the back door locked?",
          "Is the heating on?"),
         ("done", "yes", "its on", "done!"), ("Thanks love.", "Great.", "Good.")),
        (("Did the parcel come?", "Has {sib} got home yet?"),
         ("not yet", "no"), ("Ok, let me know.", "Ok, text me when it does.")),
        (("Did the parcel come?",), ("it came, its on the table", "yes"), ("Thanks.", "Great.")),
    )),
)


def _parent_chores(s: Scene) -> None:
    _setup(s)
    _daytime(s)
    parent = _adult(s, 30, 56)
    kid = _kid(s)
    _warm(s, parent)
    blocks = list(_CHORE_BLOCKS)
    s.rng.shuffle(blocks)
    for i, (who, triples) in enumerate(blocks[: s.rng.randint(2, 6)]):
        if i:
            s.wait(s.rng.choice(("hours", "days", "pause")))
        first, second, third = s.rng.choice(triples)
        a, b = (parent, kid) if who == "p" else (kid, parent)
        _say(s, a, s.pick(*first))
        _say(s, b, s.pick(*second))
        if s.chance(0.7):
            _say(s, a, s.pick(*third))
        if s.chance(0.35):
            _catchup(s, parent, kid, s.rng.randint(1, 3))


FAMILIES = (
    Family("hn_fam_parent_pickup", False, "hn_adult_minor", _parent_pickup),
    Family("hn_fam_parent_late_night", False, "hn_adult_minor", _parent_late_night),
    Family("hn_fam_grandparent", False, "hn_adult_minor", _grandparent),
    Family("hn_fam_aunt_uncle", False, "hn_adult_minor", _aunt_uncle),
    Family("hn_fam_older_sibling", False, "hn_adult_minor", _older_sibling),
    Family("hn_fam_step_or_cousin", False, "hn_adult_minor", _step_or_cousin),
    Family("hn_fam_neighbour_petsit", False, "hn_adult_minor", _neighbour_petsit),
    Family("hn_fam_godparent", False, "hn_adult_minor", _godparent),
    Family("benign_fam_group", False, "benign", _fam_group),
    Family("benign_fam_parent_chores", False, "benign", _parent_chores),
)
