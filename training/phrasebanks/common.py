"""Shared structure and name lists for the synthetic corpus.

This module holds *only* category keys and slot-filler vocabularies (names,
games, apps, places, ...).  No conversational phrasings live here: those are
written independently in ``bank_a`` and ``bank_b``.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Category keys
# ---------------------------------------------------------------------------

#: Offender-side warning-sign categories (keys used by both phrase banks).
SIGN_KEYS: tuple[str, ...] = (
    "AGE_PROBE",
    "SCHOOL_OR_LOCATION_PROBE",
    "FLATTERY_MATURITY",
    "PRIVACY_CHECK",
    "SECRECY",
    "ISOLATION",
    "PLATFORM_SWITCH",
    "GIFT_OFFER",
    "PHOTO_REQUEST",
    "MEETING_REQUEST",
)

#: Child-side disclosure category.
CHILD_SIGN_KEY = "SELF_DISCLOSED_MINOR"

#: The child's reply pool for each offender sign is ``"REPLY_" + sign``.
REPLY_KEYS: tuple[str, ...] = tuple("REPLY_" + k for k in SIGN_KEYS)

#: Generic pools every bank must provide.
GENERIC_KEYS: tuple[str, ...] = (
    "SMALL_OPEN",  # first line to someone met online (games, music, posts)
    "SMALL_Q",  # neutral small-talk questions
    "SMALL_A",  # neutral small-talk statements / answers
    "SMALL_REACT",  # short reactions
    "SMALL_CLOSE",  # leaving the chat
    "TEEN_ACK",  # short teen acknowledgements
    "ADULT_SMALL",  # neutral adult chit-chat
    "ADULT_ACK",  # short adult acknowledgements
    "OFFENDER_SOFTEN",  # non-sign filler after a refusal / hesitation
)

ALL_PHRASE_KEYS: tuple[str, ...] = (*SIGN_KEYS, CHILD_SIGN_KEY, *REPLY_KEYS, *GENERIC_KEYS)

#: Negative (non-suspicious) categories.
NEG_CATEGORIES: tuple[str, ...] = (
    "teen_surprise",
    "peer_handles",
    "adult_dating",
    "parent_child",
    "coach_tutor",
    "grandparent_gift",
    "coworkers",
    "customer_support",
    "gaming_teammates",
    "benign_kids",
    "benign_adults",
    "family_logistics",
)

#: Negative categories deliberately sharing surface words with positives.
HARD_NEG_CATEGORIES: frozenset[str] = frozenset(
    {
        "teen_surprise",
        "peer_handles",
        "adult_dating",
        "parent_child",
        "coach_tutor",
        "grandparent_gift",
        "gaming_teammates",
        "customer_support",
    }
)

#: Sections every negative category must provide ("c" only where a third
#: participant exists, see ``THREE_ROLE_CATEGORIES``).
NEG_SECTIONS: tuple[str, ...] = ("open", "a", "b", "close")
THREE_ROLE_CATEGORIES: frozenset[str] = frozenset(
    {
        "teen_surprise",
        "coach_tutor",
        "family_logistics",
        "gaming_teammates",
        "benign_kids",
        "coworkers",
    }
)

# ---------------------------------------------------------------------------
# Slot vocabularies
# ---------------------------------------------------------------------------

FIRST_NAMES: tuple[str, ...] = (
    "Emma",
    "Liam",
    "Olivia",
    "Noah",
    "Ava",
    "Mason",
    "Sophia",
    "Lucas",
    "Mia",
    "Ethan",
    "Zoe",
    "Leo",
    "Chloe",
    "Jayden",
    "Lily",
    "Aiden",
    "Maya",
    "Caleb",
    "Aria",
    "Owen",
    "Nora",
    "Eli",
    "Hannah",
    "Ryan",
    "Layla",
    "Isaac",
    "Ruby",
    "Jack",
    "Amira",
    "Mateo",
    "Priya",
    "Omar",
    "Lena",
    "Tyler",
    "Grace",
    "Diego",
    "Ella",
    "Finn",
    "Sara",
    "Jonas",
    "Yusuf",
    "Ines",
    "Kai",
    "Freya",
    "Marco",
    "Nina",
    "Theo",
    "Alina",
    "Sam",
    "Jess",
    "Luca",
    "Ayla",
    "Max",
    "Emily",
    "Hugo",
    "Camila",
    "Ben",
    "Zara",
    "Felix",
    "Mila",
)

ADULT_NAMES: tuple[str, ...] = (
    "Dan",
    "Mike",
    "Chris",
    "Steve",
    "Rob",
    "Paul",
    "Mark",
    "Tom",
    "Greg",
    "Kevin",
    "Sarah",
    "Karen",
    "Lisa",
    "Anna",
    "Julie",
    "Michelle",
    "Laura",
    "Rachel",
    "Nadia",
    "Maria",
    "Andre",
    "Tariq",
    "Jens",
    "Pieter",
    "Luis",
    "Elena",
    "Sofia",
    "Ahmed",
    "Beth",
    "Carlos",
)

GAMES: tuple[str, ...] = (
    "Fortnite",
    "Minecraft",
    "Roblox",
    "Valorant",
    "Apex",
    "Rocket League",
    "Overwatch",
    "Among Us",
    "Genshin",
    "COD",
    "Warzone",
    "League",
    "FIFA",
    "Brawl Stars",
    "Clash Royale",
    "Animal Crossing",
    "Splatoon",
    "Mario Kart",
    "Stardew",
    "Terraria",
    "Rainbow Six",
    "Destiny",
    "Fall Guys",
    "Pokemon",
    "Zelda",
    "Smash",
)

ARTISTS: tuple[str, ...] = (
    "Taylor Swift",
    "Olivia Rodrigo",
    "Billie Eilish",
    "Drake",
    "Travis Scott",
    "Sabrina Carpenter",
    "Doja Cat",
    "SZA",
    "The Weeknd",
    "BTS",
    "Stray Kids",
    "Ed Sheeran",
    "Dua Lipa",
    "Harry Styles",
    "Lil Nas X",
    "Imagine Dragons",
    "Ariana Grande",
    "Post Malone",
    "Tate McRae",
    "NewJeans",
    "Bad Bunny",
    "Conan Gray",
    "Gracie Abrams",
    "Noah Kahan",
)

SHOWS: tuple[str, ...] = (
    "Stranger Things",
    "Wednesday",
    "One Piece",
    "Demon Slayer",
    "Jujutsu Kaisen",
    "Bluey",
    "Outer Banks",
    "The Last of Us",
    "Avatar",
    "Naruto",
    "My Hero Academia",
    "Spy x Family",
    "Ginny and Georgia",
    "Cobra Kai",
    "Heartstopper",
    "Arcane",
    "The Mandalorian",
    "Squid Game",
)

SPORTS: tuple[str, ...] = (
    "soccer",
    "basketball",
    "volleyball",
    "swimming",
    "tennis",
    "gymnastics",
    "hockey",
    "baseball",
    "track",
    "dance",
    "football",
    "skateboarding",
    "climbing",
    "badminton",
    "lacrosse",
)

SUBJECTS: tuple[str, ...] = (
    "math",
    "science",
    "history",
    "english",
    "french",
    "spanish",
    "art",
    "music",
    "geography",
    "biology",
    "chemistry",
    "german",
    "pe",
    "coding",
)

HOBBIES: tuple[str, ...] = (
    "drawing",
    "guitar",
    "piano",
    "baking",
    "editing videos",
    "skating",
    "reading",
    "crochet",
    "photography",
    "coding",
    "singing",
    "anime",
    "streaming",
    "cosplay",
)

INSTRUMENTS: tuple[str, ...] = ("guitar", "piano", "drums", "violin", "ukulele", "bass", "cello")

PLACES: tuple[str, ...] = (
    "the mall",
    "the park",
    "the skate park",
    "the food court",
    "the library",
    "the cinema",
    "the arcade",
    "the bus station",
    "the beach",
    "the trampoline park",
    "McDonald's",
    "Starbucks",
    "the rec center",
    "the pool",
    "the bowling alley",
)

STORES: tuple[str, ...] = (
    "Target",
    "Walmart",
    "Primark",
    "H&M",
    "GameStop",
    "Costco",
    "Lidl",
    "Tesco",
    "Ikea",
    "Best Buy",
    "the pharmacy",
    "the bakery",
)

APPS: tuple[str, ...] = (
    "Snapchat",
    "Discord",
    "Telegram",
    "WhatsApp",
    "Kik",
    "Signal",
    "Instagram",
    "Wire",
    "Session",
    "Threema",
    "Viber",
    "Line",
)

APP_SHORT: dict[str, str] = {
    "Snapchat": "snap",
    "Discord": "disc",
    "Telegram": "tg",
    "WhatsApp": "whatsapp",
    "Kik": "kik",
    "Signal": "signal",
    "Instagram": "insta",
    "Wire": "wire",
    "Session": "session",
    "Threema": "threema",
    "Viber": "viber",
    "Line": "line",
}

GIFT_CARDS: tuple[str, ...] = (
    "Amazon",
    "Steam",
    "Roblox",
    "PlayStation",
    "Xbox",
    "Apple",
    "Google Play",
    "Nintendo",
    "Spotify",
    "Visa",
)

GAME_CURRENCY: tuple[str, ...] = (
    "V-Bucks",
    "Robux",
    "Minecoins",
    "Riot Points",
    "COD Points",
    "Apex Coins",
    "Primogems",
    "gems",
    "coins",
)

GIFT_ITEMS: tuple[str, ...] = (
    "a new phone",
    "AirPods",
    "a gaming headset",
    "a new controller",
    "a hoodie",
    "a skateboard",
    "concert tickets",
    "a Switch",
    "a new keyboard",
    "a sketchbook set",
    "sneakers",
    "a smartwatch",
)

AMOUNTS: tuple[str, ...] = ("10", "15", "20", "25", "30", "50", "100")

PETS: tuple[str, ...] = ("dog", "cat", "hamster", "bunny", "gecko", "parrot", "guinea pig", "fish")

FOODS: tuple[str, ...] = (
    "pizza",
    "tacos",
    "sushi",
    "pasta",
    "burgers",
    "ramen",
    "pancakes",
    "curry",
    "nuggets",
    "waffles",
)

CITIES: tuple[str, ...] = (
    "Leeds",
    "Lyon",
    "Austin",
    "Dublin",
    "Rotterdam",
    "Graz",
    "Porto",
    "Denver",
    "Malmo",
    "Cork",
    "Ghent",
    "Tampa",
    "Krakow",
    "Bristol",
    "Turin",
)

SCHOOLS: tuple[str, ...] = (
    "Lincoln Middle",
    "Westfield",
    "Oak Ridge",
    "St Mary's",
    "Riverside",
    "Hillcrest",
    "North High",
    "Parkview",
    "Maple Grove",
    "Kingsway",
)

TEAMS: tuple[str, ...] = (
    "the Tigers",
    "the Hawks",
    "the Sharks",
    "U12s",
    "U14s",
    "the Falcons",
    "the Rovers",
    "the Comets",
)

PRODUCTS: tuple[str, ...] = (
    "blender",
    "headphones",
    "coffee maker",
    "router",
    "vacuum",
    "jacket",
    "desk lamp",
    "air fryer",
    "phone case",
    "backpack",
    "printer",
    "office chair",
)

DAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

TIMES: tuple[str, ...] = ("3", "4", "4:30", "5", "6", "7", "10", "11", "noon", "2")

WORKPLACES: tuple[str, ...] = (
    "ward 4",
    "the warehouse",
    "dispatch",
    "the front desk",
    "the loading dock",
    "ICU",
    "the kitchen",
    "the call center",
)

PARENT_WORDS: tuple[str, ...] = ("mom", "dad", "mum", "my mom", "my dad", "my parents")
PARENT_SHORT: tuple[str, ...] = ("mom", "dad", "mum")
SIBLINGS: tuple[str, ...] = ("sister", "brother")
GRANDPARENT_WORDS: tuple[str, ...] = ("Grandma", "Grandpa", "Nana", "Pop", "Granny", "Oma", "Opa")

HANDLE_WORDS: tuple[str, ...] = (
    "shadow",
    "pixel",
    "frosty",
    "nova",
    "blaze",
    "lunar",
    "toxic",
    "sunny",
    "ghost",
    "kitty",
    "vortex",
    "drift",
    "echo",
    "mango",
    "storm",
    "cloud",
    "rogue",
    "bean",
)

EMOJI_POOL: tuple[str, ...] = (
    "😂",
    "🤣",
    "😭",
    "😅",
    "🙂",
    "😊",
    "😁",
    "🥲",
    "👀",
    "🔥",
    "💀",
    "👍",
    "🙏",
    "😎",
    "🤔",
    "🙃",
    "😬",
    "✨",
    "🎮",
    "⚽",
    "🎶",
    "🍕",
    "🎉",
    "😴",
    "🤷",
    "💯",
    "😤",
    "🥺",
)
