//! Name pools: common given and family names from the backgrounds of England's
//! child population, grouped so that one family's names hang together. Every
//! person is invented; the pools hold names, never real people.

use hearth_core::codes::{Ethnicity, ImmigrationStatus};

/// How likely the adults in a family are to have moved to the UK, which
/// decides first languages and immigration status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Migration {
    /// Mostly born in the UK.
    Settled,
    /// From the EU (settled or pre-settled status).
    Eu,
    /// From elsewhere (leave to remain, refugee status, asylum).
    Other,
}

/// A naming and language background. `weight` is per thousand families.
pub struct Culture {
    pub ethnicity: Ethnicity,
    pub weight: u32,
    pub girls: &'static [&'static str],
    pub boys: &'static [&'static str],
    /// Given names for parents' generation; empty means the same as children.
    pub women: &'static [&'static str],
    pub men: &'static [&'static str],
    /// Given names for grandparents' generation; empty means as parents.
    pub older_women: &'static [&'static str],
    pub older_men: &'static [&'static str],
    pub surnames: &'static [&'static str],
    /// Heritage languages; empty means English.
    pub languages: &'static [&'static str],
    pub religions: &'static [&'static str],
    pub migration: Migration,
    /// Countries unaccompanied children come from (for the UASC pool).
    pub uasc: bool,
}

impl Culture {
    pub fn women(&self) -> &'static [&'static str] {
        if self.women.is_empty() {
            self.girls
        } else {
            self.women
        }
    }
    pub fn men(&self) -> &'static [&'static str] {
        if self.men.is_empty() {
            self.boys
        } else {
            self.men
        }
    }
    pub fn older_women(&self) -> &'static [&'static str] {
        if self.older_women.is_empty() {
            self.women()
        } else {
            self.older_women
        }
    }
    pub fn older_men(&self) -> &'static [&'static str] {
        if self.older_men.is_empty() {
            self.men()
        } else {
            self.older_men
        }
    }
    /// Immigration statuses seen for adults of this background, with weights.
    pub fn adult_statuses(&self) -> &'static [(ImmigrationStatus, u32)] {
        match self.migration {
            Migration::Settled => &[(ImmigrationStatus::BritishCitizen, 1)],
            Migration::Eu => &[
                (ImmigrationStatus::SettledStatus, 6),
                (ImmigrationStatus::PreSettledStatus, 3),
                (ImmigrationStatus::BritishCitizen, 1),
            ],
            Migration::Other => &[
                (ImmigrationStatus::BritishCitizen, 4),
                (ImmigrationStatus::LeaveToRemain, 3),
                (ImmigrationStatus::RefugeeStatus, 2),
                (ImmigrationStatus::AsylumSeeker, 1),
                (ImmigrationStatus::NoRecourseToPublicFunds, 1),
            ],
        }
    }
}

const EN_GIRLS: &[&str] = &[
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Grace", "Poppy", "Evie",
    "Ella", "Sophie", "Ruby", "Millie", "Daisy", "Rosie", "Harper", "Willow", "Phoebe", "Erin",
    "Chloe", "Megan", "Holly", "Jessica", "Lacey", "Paige", "Amber", "Kayla", "Scarlett", "Maisie",
    "Summer", "Isabelle", "Lola", "Esme", "Niamh", "Hollie", "Tilly",
];
const EN_BOYS: &[&str] = &[
    "Oliver", "George", "Noah", "Leo", "Harry", "Jack", "Charlie", "Alfie", "Freddie", "Theo",
    "Archie", "Oscar", "Jacob", "Thomas", "Riley", "Tyler", "Mason", "Kai", "Jayden", "Logan",
    "Ethan", "Callum", "Dylan", "Harvey", "Lewis", "Reece", "Ryan", "Kyle", "Connor", "Bailey",
    "Finley", "Tommy", "Ronnie", "Frankie", "Jenson", "Louie", "Brandon", "Max",
];
const EN_WOMEN: &[&str] = &[
    "Sarah",
    "Gemma",
    "Kelly",
    "Laura",
    "Emma",
    "Stacey",
    "Leanne",
    "Jade",
    "Kirsty",
    "Hayley",
    "Danielle",
    "Lisa",
    "Amy",
    "Rebecca",
    "Natalie",
    "Charlotte",
    "Zoe",
    "Samantha",
    "Nicola",
    "Claire",
    "Donna",
    "Rachel",
    "Louise",
    "Vicky",
    "Kerry",
    "Jodie",
    "Carly",
    "Lauren",
    "Jenna",
    "Toni",
    "Becky",
    "Hannah",
    "Katie",
    "Sophie",
    "Chelsea",
    "Shannon",
];
const EN_MEN: &[&str] = &[
    "Daniel", "Craig", "Lee", "Jamie", "Wayne", "Darren", "Dean", "Scott", "Carl", "Ben", "Luke",
    "Matthew", "Adam", "Ashley", "Gary", "Paul", "Mark", "Stephen", "Shaun", "Jason", "Ricky",
    "Liam", "Aaron", "Chris", "Kieran", "Nathan", "Jordan", "Sam", "Tom", "Joe", "Danny", "Josh",
    "Robert", "Ryan",
];
const EN_OLDER_WOMEN: &[&str] = &[
    "Susan", "Linda", "Karen", "Julie", "Tracey", "Janet", "Carol", "Jackie", "Sandra", "Debbie",
    "Denise", "Pauline", "Elaine", "Diane", "Maureen", "Lorraine", "Angela", "Wendy", "Gillian",
    "Sharon",
];
const EN_OLDER_MEN: &[&str] = &[
    "David", "Gary", "Steve", "Kevin", "Alan", "Keith", "Ian", "Brian", "Tony", "Graham", "Colin",
    "Terry", "Michael", "Peter", "John", "Barry", "Trevor", "Malcolm", "Roger", "Neil",
];
const EN_SURNAMES: &[&str] = &[
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Hughes",
    "Edwards",
    "Harris",
    "Lewis",
    "Turner",
    "Hill",
    "Cooper",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Baker",
    "Harrison",
    "King",
    "Lee",
    "Martin",
    "Allen",
    "Young",
    "Scott",
    "Watson",
    "Mitchell",
    "Parker",
    "Bennett",
    "Price",
    "Shaw",
    "Holmes",
    "Fletcher",
    "Barker",
    "Marshall",
    "Booth",
    "Dixon",
    "Gibson",
    "Hunt",
    "Lowe",
    "Palmer",
    "Pearson",
    "Richardson",
    "Stevens",
    "Webb",
    "Woodward",
    "Atkinson",
    "Chapman",
    "Lawson",
    "Birch",
    "Rowe",
    "Pickering",
    "Oakley",
    "Heaton",
    "Briggs",
    "Kershaw",
    "Ashworth",
    "Bradshaw",
    "Cartwright",
    "Dawson",
    "Foster",
    "Greenwood",
    "Hartley",
    "Jennings",
    "Kemp",
    "Lambert",
    "Naylor",
    "Osborne",
    "Pritchard",
    "Riley",
    "Sutcliffe",
    "Thornton",
    "Wainwright",
];

const IRISH_GIRLS: &[&str] = &[
    "Siobhan", "Niamh", "Aoife", "Ciara", "Roisin", "Orla", "Sinead", "Bridget", "Caoimhe",
    "Saoirse", "Grainne", "Clodagh",
];
const IRISH_BOYS: &[&str] = &[
    "Sean", "Ciaran", "Padraig", "Declan", "Eoin", "Liam", "Conor", "Niall", "Cormac", "Oisin",
    "Fionn", "Darragh",
];
const IRISH_SURNAMES: &[&str] = &[
    "Murphy",
    "Kelly",
    "O'Sullivan",
    "Walsh",
    "O'Brien",
    "Byrne",
    "Ryan",
    "O'Connor",
    "Doyle",
    "McCarthy",
    "Gallagher",
    "Doherty",
    "Kennedy",
    "Quinn",
    "Brennan",
    "Fitzgerald",
];
const TRAVELLER_GIRLS: &[&str] = &[
    "Bridget",
    "Mary",
    "Margaret",
    "Kathleen",
    "Nora",
    "Winnie",
    "Chantelle",
    "Shannon",
    "Teresa",
];
const TRAVELLER_BOYS: &[&str] = &[
    "Patrick", "Michael", "John", "Martin", "Johnny", "Francis", "Jimmy", "Tommy", "Christy",
];
const TRAVELLER_SURNAMES: &[&str] = &[
    "Ward", "McDonagh", "Joyce", "Connors", "Maughan", "Delaney", "Cash", "McCann", "Stokes",
];
const ROMA_GIRLS: &[&str] = &[
    "Maria",
    "Denisa",
    "Florentina",
    "Sabina",
    "Natalia",
    "Veronika",
    "Simona",
    "Marcela",
];
const ROMA_BOYS: &[&str] = &[
    "Florin", "Marian", "Ionut", "Gabriel", "Denis", "Robert", "Lukas", "Patrik", "Dominik",
];
const ROMA_SURNAMES: &[&str] = &[
    "Lakatos", "Balog", "Horvath", "Rostas", "Stoica", "Dumitru", "Kuruc", "Olah", "Gabor",
];
const POLISH_GIRLS: &[&str] = &[
    "Zuzanna",
    "Julia",
    "Maja",
    "Hanna",
    "Aleksandra",
    "Natalia",
    "Oliwia",
    "Lena",
    "Amelia",
];
const POLISH_BOYS: &[&str] = &[
    "Jakub",
    "Kacper",
    "Szymon",
    "Filip",
    "Mateusz",
    "Antoni",
    "Jan",
    "Aleksander",
    "Wiktor",
];
const POLISH_WOMEN: &[&str] = &[
    "Katarzyna",
    "Agnieszka",
    "Magdalena",
    "Joanna",
    "Anna",
    "Monika",
    "Ewa",
    "Justyna",
    "Marta",
];
const POLISH_MEN: &[&str] = &[
    "Tomasz",
    "Piotr",
    "Pawel",
    "Krzysztof",
    "Marcin",
    "Lukasz",
    "Michal",
    "Grzegorz",
    "Adam",
];
const POLISH_SURNAMES: &[&str] = &[
    "Nowak",
    "Mazur",
    "Wojcik",
    "Krawczyk",
    "Kaczmarek",
    "Pawlak",
    "Michalak",
    "Sikora",
    "Baran",
    "Dudek",
    "Wrobel",
    "Zajac",
    "Walczak",
    "Stepien",
];
const ROMANIAN_GIRLS: &[&str] = &[
    "Andreea",
    "Elena",
    "Ioana",
    "Alexandra",
    "Bianca",
    "Daria",
    "Sofia",
    "Maria",
    "Denisa",
];
const ROMANIAN_BOYS: &[&str] = &[
    "Andrei",
    "Alexandru",
    "Mihai",
    "Stefan",
    "David",
    "Luca",
    "Matei",
    "Ionut",
    "Gabriel",
];
const ROMANIAN_SURNAMES: &[&str] = &[
    "Popescu",
    "Ionescu",
    "Popa",
    "Constantin",
    "Stan",
    "Munteanu",
    "Radu",
    "Dinu",
    "Moldovan",
    "Lungu",
];
const PORTUGUESE_GIRLS: &[&str] = &[
    "Beatriz", "Leonor", "Mariana", "Ines", "Matilde", "Carolina", "Ana", "Sofia",
];
const PORTUGUESE_BOYS: &[&str] = &[
    "Tiago", "Rodrigo", "Goncalo", "Diogo", "Tomas", "Rafael", "Joao", "Miguel",
];
const PORTUGUESE_SURNAMES: &[&str] = &[
    "Silva",
    "Santos",
    "Ferreira",
    "Pereira",
    "Costa",
    "Oliveira",
    "Rodrigues",
    "Martins",
];
const ALBANIAN_GIRLS: &[&str] = &["Ardita", "Elira", "Drita", "Jonida", "Ana", "Era"];
const ALBANIAN_BOYS: &[&str] = &["Arben", "Ermal", "Klevis", "Dritan", "Besnik", "Endrit"];
const ALBANIAN_SURNAMES: &[&str] = &["Hoxha", "Shehu", "Krasniqi", "Berisha", "Gashi", "Dervishi"];

const GUJARATI_GIRLS: &[&str] = &[
    "Priya", "Anjali", "Pooja", "Meera", "Riya", "Diya", "Anika", "Nisha", "Heena", "Krisha",
];
const GUJARATI_BOYS: &[&str] = &[
    "Arjun", "Rohan", "Aarav", "Vikram", "Rajesh", "Sanjay", "Dev", "Rahul", "Kiran", "Nikhil",
];
const GUJARATI_SURNAMES: &[&str] = &[
    "Patel", "Mistry", "Desai", "Joshi", "Shah", "Parmar", "Chauhan", "Solanki", "Lad",
];
const PUNJABI_GIRLS: &[&str] = &[
    "Simran", "Navdeep", "Harpreet", "Jasleen", "Manpreet", "Gurleen", "Amandeep", "Kiran",
];
const PUNJABI_BOYS: &[&str] = &[
    "Harjit",
    "Gurpreet",
    "Amrit",
    "Jaskaran",
    "Harvinder",
    "Manjit",
    "Ranveer",
    "Arjan",
];
const PUNJABI_SURNAMES: &[&str] = &[
    "Singh", "Kaur", "Gill", "Sandhu", "Dhillon", "Bains", "Sidhu", "Grewal", "Johal",
];
const PAKISTANI_GIRLS: &[&str] = &[
    "Ayesha", "Fatima", "Zainab", "Maryam", "Hira", "Sana", "Noor", "Amina", "Iqra", "Khadija",
    "Aleena", "Hafsa",
];
const PAKISTANI_BOYS: &[&str] = &[
    "Muhammad", "Ali", "Hassan", "Bilal", "Usman", "Imran", "Zain", "Hamza", "Ibrahim", "Adnan",
    "Ayaan", "Haris",
];
const PAKISTANI_SURNAMES: &[&str] = &[
    "Khan", "Hussain", "Ahmed", "Ali", "Iqbal", "Akhtar", "Mahmood", "Rashid", "Butt", "Shah",
    "Bashir", "Javed", "Riaz",
];
const BANGLADESHI_GIRLS: &[&str] = &[
    "Nusrat", "Tahmina", "Farzana", "Rumana", "Jannat", "Sumaiya", "Tasnim", "Ruksana",
];
const BANGLADESHI_BOYS: &[&str] = &[
    "Abdul", "Rahim", "Shahid", "Mizanur", "Rafiq", "Ayaan", "Tanvir", "Sabbir",
];
const BANGLADESHI_SURNAMES: &[&str] = &[
    "Miah",
    "Uddin",
    "Rahman",
    "Islam",
    "Ahmed",
    "Chowdhury",
    "Hoque",
    "Begum",
    "Ali",
];
const AFGHAN_GIRLS: &[&str] = &["Parwana", "Mursal", "Zarghona", "Mina", "Freshta", "Lina"];
const AFGHAN_BOYS: &[&str] = &[
    "Ahmad",
    "Mohammad",
    "Farhad",
    "Samiullah",
    "Jawad",
    "Naveed",
    "Rahmatullah",
    "Hamid",
];
const AFGHAN_SURNAMES: &[&str] = &[
    "Ahmadi", "Rahimi", "Noori", "Sultani", "Hakimi", "Karimi", "Safi",
];
const NEPALI_GIRLS: &[&str] = &["Sunita", "Anjana", "Sabina", "Srijana", "Pratima", "Asmita"];
const NEPALI_BOYS: &[&str] = &["Bikash", "Prakash", "Suraj", "Rohit", "Sagar", "Anish"];
const NEPALI_SURNAMES: &[&str] = &["Gurung", "Rai", "Tamang", "Limbu", "Thapa", "Magar"];
const TAMIL_GIRLS: &[&str] = &[
    "Kavya",
    "Nila",
    "Tharshika",
    "Abinaya",
    "Sharmila",
    "Luxshi",
];
const TAMIL_BOYS: &[&str] = &[
    "Thanushan",
    "Kajan",
    "Suthan",
    "Niroshan",
    "Arun",
    "Pirashanth",
];
const TAMIL_SURNAMES: &[&str] = &[
    "Sivakumar",
    "Rajendran",
    "Thavarajah",
    "Kanagaratnam",
    "Selvarajah",
    "Balasingham",
];
const VIETNAMESE_GIRLS: &[&str] = &["Linh", "Mai", "Thu", "Hoa", "Lan"];
const VIETNAMESE_BOYS: &[&str] = &["Minh", "Duc", "Tuan", "Quang", "Hieu", "Long"];
const VIETNAMESE_SURNAMES: &[&str] = &["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"];

const CARIBBEAN_GIRLS: &[&str] = &[
    "Aaliyah",
    "Tia",
    "Jada",
    "Shanice",
    "Imani",
    "Kiara",
    "Nia",
    "Tanisha",
    "Leah",
    "Chantelle",
];
const CARIBBEAN_BOYS: &[&str] = &[
    "Jayden", "Tyrese", "Kai", "Malachi", "Marcus", "Jermaine", "Andre", "Isaiah", "Elijah",
    "Tyrell",
];
const CARIBBEAN_WOMEN: &[&str] = &[
    "Marcia",
    "Sharon",
    "Michelle",
    "Natasha",
    "Keisha",
    "Simone",
    "Claudette",
    "Tanya",
];
const CARIBBEAN_MEN: &[&str] = &[
    "Delroy", "Winston", "Leon", "Marlon", "Clive", "Dwayne", "Carlton", "Errol",
];
const CARIBBEAN_SURNAMES: &[&str] = &[
    "Campbell", "Francis", "Grant", "Henry", "Thomas", "Williams", "Brown", "Bailey", "Reid",
    "Gordon", "Morgan", "Samuels", "Richards",
];
const NIGERIAN_GIRLS: &[&str] = &[
    "Adaeze",
    "Chioma",
    "Ifeoma",
    "Temitope",
    "Folake",
    "Oluwaseun",
    "Ngozi",
    "Amara",
    "Tolu",
];
const NIGERIAN_BOYS: &[&str] = &[
    "Chinedu",
    "Emeka",
    "Oluwaseyi",
    "Tunde",
    "Ayodele",
    "Chukwudi",
    "Femi",
    "Obinna",
    "David",
];
const NIGERIAN_SURNAMES: &[&str] = &[
    "Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Oyelaran", "Nwosu", "Adebayo", "Ogunleye",
    "Obi",
];
const GHANAIAN_GIRLS: &[&str] = &["Ama", "Akua", "Efua", "Abena", "Adwoa", "Esi", "Afia"];
const GHANAIAN_BOYS: &[&str] = &["Kwame", "Kofi", "Kwabena", "Yaw", "Kojo", "Kwaku", "Nana"];
const GHANAIAN_SURNAMES: &[&str] = &[
    "Mensah", "Owusu", "Boateng", "Asante", "Appiah", "Osei", "Darko",
];
const SOMALI_GIRLS: &[&str] = &[
    "Hodan", "Ayan", "Sahra", "Hibaq", "Fadumo", "Ikran", "Najma",
];
const SOMALI_BOYS: &[&str] = &[
    "Abdirahman",
    "Mohamed",
    "Abdullahi",
    "Yusuf",
    "Ahmed",
    "Liban",
    "Hamse",
];
const SOMALI_SURNAMES: &[&str] = &[
    "Mohamed", "Abdi", "Hassan", "Farah", "Warsame", "Osman", "Jama",
];
const ERITREAN_GIRLS: &[&str] = &["Selam", "Helen", "Mebrat", "Senait", "Luwam"];
const ERITREAN_BOYS: &[&str] = &["Yonas", "Dawit", "Filmon", "Samuel", "Biniam", "Merhawi"];
const ERITREAN_SURNAMES: &[&str] = &[
    "Tesfaye",
    "Gebremedhin",
    "Haile",
    "Berhane",
    "Tekle",
    "Kidane",
];
const SUDANESE_GIRLS: &[&str] = &["Rania", "Amani", "Hawa", "Nafisa", "Samah"];
const SUDANESE_BOYS: &[&str] = &["Mohammed", "Osman", "Abdelrahman", "Adam", "Ismail", "Musa"];
const SUDANESE_SURNAMES: &[&str] = &["Abdalla", "Elhassan", "Osman", "Babiker", "Idris", "Yousif"];
const ZIMBABWEAN_GIRLS: &[&str] = &["Tendai", "Rutendo", "Chipo", "Tatenda", "Nyasha", "Rudo"];
const ZIMBABWEAN_BOYS: &[&str] = &["Tinashe", "Tafadzwa", "Farai", "Kudzai", "Tatenda", "Simba"];
const ZIMBABWEAN_SURNAMES: &[&str] = &["Moyo", "Ncube", "Dube", "Sibanda", "Chikwanha", "Mutasa"];

const CHINESE_GIRLS: &[&str] = &["Mei", "Xinyi", "Ying", "Hoi Yan", "Ka Yee", "Wing"];
const CHINESE_BOYS: &[&str] = &["Wei", "Jun", "Ho Yin", "Chun", "Ka Ho", "Hao"];
const CHINESE_SURNAMES: &[&str] = &["Chan", "Wong", "Li", "Cheung", "Lam", "Zhang", "Chen", "Ng"];
const ARAB_GIRLS: &[&str] = &["Layla", "Yasmin", "Rana", "Hala", "Nour", "Salma", "Reem"];
const ARAB_BOYS: &[&str] = &[
    "Omar", "Yousef", "Khaled", "Ahmad", "Karim", "Tariq", "Sami",
];
const ARAB_SURNAMES: &[&str] = &[
    "Al-Hassan",
    "Haddad",
    "Khalil",
    "Mansour",
    "Saleh",
    "Aziz",
    "Nasser",
];
const KURDISH_GIRLS: &[&str] = &["Shilan", "Rozhin", "Dilan", "Nazdar", "Avin"];
const KURDISH_BOYS: &[&str] = &["Karwan", "Rebin", "Hawre", "Dana", "Shvan", "Aram"];
const KURDISH_SURNAMES: &[&str] = &["Abdullah", "Rasul", "Kareem", "Hama", "Mustafa", "Ismail"];
const IRANIAN_GIRLS: &[&str] = &["Shirin", "Parisa", "Neda", "Yasaman", "Mahsa"];
const IRANIAN_BOYS: &[&str] = &["Reza", "Arash", "Babak", "Kian", "Dariush", "Navid"];
const IRANIAN_SURNAMES: &[&str] = &[
    "Hosseini",
    "Rezaei",
    "Mohammadi",
    "Karimi",
    "Jafari",
    "Ahmadi",
];

#[allow(clippy::too_many_arguments)]
const fn culture(
    ethnicity: Ethnicity,
    weight: u32,
    girls: &'static [&'static str],
    boys: &'static [&'static str],
    surnames: &'static [&'static str],
    languages: &'static [&'static str],
    religions: &'static [&'static str],
    migration: Migration,
) -> Culture {
    Culture {
        ethnicity,
        weight,
        girls,
        boys,
        women: &[],
        men: &[],
        older_women: &[],
        older_men: &[],
        surnames,
        languages,
        religions,
        migration,
        uasc: false,
    }
}

const fn with_adults(
    mut c: Culture,
    women: &'static [&'static str],
    men: &'static [&'static str],
) -> Culture {
    c.women = women;
    c.men = men;
    c
}

const fn uasc(mut c: Culture) -> Culture {
    c.uasc = true;
    c
}

use Ethnicity as E;
use Migration as M;

/// Index of White British in [`CULTURES`] (used for mixed families and staff).
pub const WHITE_BRITISH: usize = 0;
pub const CARIBBEAN: usize = 17;
pub const NIGERIAN: usize = 18;
pub const GHANAIAN: usize = 19;
pub const PAKISTANI: usize = 10;
pub const GUJARATI: usize = 8;
pub const ARAB: usize = 25;
pub const POLISH: usize = 4;

/// The backgrounds, roughly weighted like England's child population (school
/// census): about 63% White British, 9% other White, 7% Mixed (built from two
/// of these, see [`MIXED`]), 13% Asian, 6% Black, 3% Chinese and other.
pub static CULTURES: &[Culture] = &[
    // 0
    Culture {
        ethnicity: E::WhiteBritish,
        weight: 620,
        girls: EN_GIRLS,
        boys: EN_BOYS,
        women: EN_WOMEN,
        men: EN_MEN,
        older_women: EN_OLDER_WOMEN,
        older_men: EN_OLDER_MEN,
        surnames: EN_SURNAMES,
        languages: &[],
        religions: &[
            "Christian",
            "No religion",
            "No religion",
            "Church of England",
        ],
        migration: M::Settled,
        uasc: false,
    },
    // 1
    culture(
        E::WhiteIrish,
        8,
        IRISH_GIRLS,
        IRISH_BOYS,
        IRISH_SURNAMES,
        &[],
        &["Roman Catholic"],
        M::Settled,
    ),
    // 2
    culture(
        E::TravellerOfIrishHeritage,
        4,
        TRAVELLER_GIRLS,
        TRAVELLER_BOYS,
        TRAVELLER_SURNAMES,
        &[],
        &["Roman Catholic"],
        M::Settled,
    ),
    // 3
    culture(
        E::GypsyRoma,
        4,
        ROMA_GIRLS,
        ROMA_BOYS,
        ROMA_SURNAMES,
        &["Romanian", "Romani", "Slovak"],
        &["Christian (Pentecostal)", "Christian (Orthodox)"],
        M::Eu,
    ),
    // 4
    with_adults(
        culture(
            E::AnyOtherWhiteBackground,
            35,
            POLISH_GIRLS,
            POLISH_BOYS,
            POLISH_SURNAMES,
            &["Polish"],
            &["Roman Catholic"],
            M::Eu,
        ),
        POLISH_WOMEN,
        POLISH_MEN,
    ),
    // 5
    culture(
        E::AnyOtherWhiteBackground,
        25,
        ROMANIAN_GIRLS,
        ROMANIAN_BOYS,
        ROMANIAN_SURNAMES,
        &["Romanian"],
        &["Christian (Orthodox)"],
        M::Eu,
    ),
    // 6
    culture(
        E::AnyOtherWhiteBackground,
        10,
        PORTUGUESE_GIRLS,
        PORTUGUESE_BOYS,
        PORTUGUESE_SURNAMES,
        &["Portuguese"],
        &["Roman Catholic"],
        M::Eu,
    ),
    // 7
    uasc(culture(
        E::AnyOtherWhiteBackground,
        3,
        ALBANIAN_GIRLS,
        ALBANIAN_BOYS,
        ALBANIAN_SURNAMES,
        &["Albanian"],
        &["Muslim", "No religion"],
        M::Other,
    )),
    // 8
    culture(
        E::Indian,
        15,
        GUJARATI_GIRLS,
        GUJARATI_BOYS,
        GUJARATI_SURNAMES,
        &["Gujarati"],
        &["Hindu"],
        M::Other,
    ),
    // 9
    culture(
        E::Indian,
        15,
        PUNJABI_GIRLS,
        PUNJABI_BOYS,
        PUNJABI_SURNAMES,
        &["Punjabi"],
        &["Sikh"],
        M::Other,
    ),
    // 10
    culture(
        E::Pakistani,
        45,
        PAKISTANI_GIRLS,
        PAKISTANI_BOYS,
        PAKISTANI_SURNAMES,
        &["Urdu", "Punjabi", "Pahari-Pothwari"],
        &["Muslim"],
        M::Other,
    ),
    // 11
    culture(
        E::Bangladeshi,
        20,
        BANGLADESHI_GIRLS,
        BANGLADESHI_BOYS,
        BANGLADESHI_SURNAMES,
        &["Bengali (Sylheti)", "Bengali"],
        &["Muslim"],
        M::Other,
    ),
    // 12
    uasc(culture(
        E::AnyOtherAsianBackground,
        6,
        AFGHAN_GIRLS,
        AFGHAN_BOYS,
        AFGHAN_SURNAMES,
        &["Pashto", "Dari"],
        &["Muslim"],
        M::Other,
    )),
    // 13
    culture(
        E::AnyOtherAsianBackground,
        4,
        NEPALI_GIRLS,
        NEPALI_BOYS,
        NEPALI_SURNAMES,
        &["Nepali"],
        &["Hindu", "Buddhist"],
        M::Other,
    ),
    // 14
    culture(
        E::AnyOtherAsianBackground,
        5,
        TAMIL_GIRLS,
        TAMIL_BOYS,
        TAMIL_SURNAMES,
        &["Tamil"],
        &["Hindu", "Christian"],
        M::Other,
    ),
    // 15
    uasc(culture(
        E::AnyOtherAsianBackground,
        2,
        VIETNAMESE_GIRLS,
        VIETNAMESE_BOYS,
        VIETNAMESE_SURNAMES,
        &["Vietnamese"],
        &["Buddhist", "No religion"],
        M::Other,
    )),
    // 16
    culture(
        E::AnyOtherBlackBackground,
        8,
        CARIBBEAN_GIRLS,
        CARIBBEAN_BOYS,
        CARIBBEAN_SURNAMES,
        &[],
        &["Christian", "No religion"],
        M::Settled,
    ),
    // 17
    with_adults(
        culture(
            E::Caribbean,
            10,
            CARIBBEAN_GIRLS,
            CARIBBEAN_BOYS,
            CARIBBEAN_SURNAMES,
            &[],
            &["Christian", "Christian (Pentecostal)"],
            M::Settled,
        ),
        CARIBBEAN_WOMEN,
        CARIBBEAN_MEN,
    ),
    // 18
    culture(
        E::African,
        18,
        NIGERIAN_GIRLS,
        NIGERIAN_BOYS,
        NIGERIAN_SURNAMES,
        &["Yoruba", "Igbo"],
        &["Christian", "Christian (Pentecostal)", "Muslim"],
        M::Other,
    ),
    // 19
    culture(
        E::African,
        8,
        GHANAIAN_GIRLS,
        GHANAIAN_BOYS,
        GHANAIAN_SURNAMES,
        &["Twi"],
        &["Christian"],
        M::Other,
    ),
    // 20
    culture(
        E::African,
        10,
        SOMALI_GIRLS,
        SOMALI_BOYS,
        SOMALI_SURNAMES,
        &["Somali"],
        &["Muslim"],
        M::Other,
    ),
    // 21
    uasc(culture(
        E::African,
        4,
        ERITREAN_GIRLS,
        ERITREAN_BOYS,
        ERITREAN_SURNAMES,
        &["Tigrinya"],
        &["Christian (Orthodox)"],
        M::Other,
    )),
    // 22
    uasc(culture(
        E::African,
        2,
        SUDANESE_GIRLS,
        SUDANESE_BOYS,
        SUDANESE_SURNAMES,
        &["Arabic"],
        &["Muslim"],
        M::Other,
    )),
    // 23
    culture(
        E::African,
        5,
        ZIMBABWEAN_GIRLS,
        ZIMBABWEAN_BOYS,
        ZIMBABWEAN_SURNAMES,
        &["Shona"],
        &["Christian"],
        M::Other,
    ),
    // 24
    culture(
        E::Chinese,
        5,
        CHINESE_GIRLS,
        CHINESE_BOYS,
        CHINESE_SURNAMES,
        &["Cantonese", "Mandarin"],
        &["No religion", "Buddhist"],
        M::Other,
    ),
    // 25
    culture(
        E::AnyOtherEthnicGroup,
        12,
        ARAB_GIRLS,
        ARAB_BOYS,
        ARAB_SURNAMES,
        &["Arabic"],
        &["Muslim"],
        M::Other,
    ),
    // 26
    uasc(culture(
        E::AnyOtherEthnicGroup,
        6,
        KURDISH_GIRLS,
        KURDISH_BOYS,
        KURDISH_SURNAMES,
        &["Kurdish (Sorani)"],
        &["Muslim"],
        M::Other,
    )),
    // 27
    culture(
        E::AnyOtherEthnicGroup,
        4,
        IRANIAN_GIRLS,
        IRANIAN_BOYS,
        IRANIAN_SURNAMES,
        &["Farsi"],
        &["Muslim", "No religion"],
        M::Other,
    ),
];

/// Mixed-heritage families: (mother's background, father's background, the
/// children's ethnicity, weight per thousand families).
pub static MIXED: &[(usize, usize, Ethnicity, u32)] = &[
    (WHITE_BRITISH, CARIBBEAN, E::WhiteAndBlackCaribbean, 20),
    (WHITE_BRITISH, NIGERIAN, E::WhiteAndBlackAfrican, 10),
    (WHITE_BRITISH, GHANAIAN, E::WhiteAndBlackAfrican, 5),
    (WHITE_BRITISH, PAKISTANI, E::WhiteAndAsian, 9),
    (WHITE_BRITISH, GUJARATI, E::WhiteAndAsian, 6),
    (WHITE_BRITISH, ARAB, E::AnyOtherMixedBackground, 8),
    (POLISH, CARIBBEAN, E::AnyOtherMixedBackground, 6),
    (CARIBBEAN, NIGERIAN, E::AnyOtherMixedBackground, 6),
];

/// Staff names come from the same backgrounds.
pub fn staff_culture_weights() -> Vec<(usize, u32)> {
    CULTURES
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.weight))
        .collect()
}

/// Fictional towns and their postcode districts (the `HE` area is not a real
/// UK postcode area). The first half belong to the North service.
pub static TOWNS: &[(&str, &[u8])] = &[
    ("Hearthford", &[1, 2, 3]),
    ("Brackenby", &[4, 5]),
    ("Eastmere", &[6, 7]),
    ("Fellside", &[8, 9]),
];

pub static STREET_NAMES: &[&str] = &[
    "Victoria",
    "Albert",
    "Station",
    "Church",
    "Mill",
    "Park",
    "Queen's",
    "King's",
    "Chapel",
    "Meadow",
    "Oak",
    "Beech",
    "Willow",
    "Elm",
    "Cedar",
    "Holly",
    "Rowan",
    "Laburnum",
    "Primrose",
    "Foxglove",
    "Bluebell",
    "Hawthorn",
    "Priory",
    "Abbey",
    "Canal",
    "Bridge",
    "Market",
    "Orchard",
    "Sycamore",
    "Larkspur",
    "Heron",
    "Kingfisher",
    "Marsh",
    "Cobden",
    "Gladstone",
    "Peel",
    "Brunswick",
    "Alma",
    "Balaclava",
    "Coronation",
    "Jubilee",
    "Windsor",
    "Tennyson",
    "Milton",
    "Wordsworth",
    "Shelley",
    "Ashfield",
    "Greenbank",
    "Hillside",
    "Moorside",
    "Riverside",
];
pub static STREET_KINDS: &[&str] = &[
    "Street", "Road", "Avenue", "Close", "Way", "Crescent", "Lane", "Drive", "Grove", "Court",
    "Gardens", "Walk", "Terrace", "Place",
];
pub static BLOCKS: &[&str] = &[
    "Riverside Court",
    "Cedar House",
    "Mill View",
    "Tower House",
    "Priory Heights",
    "Canal Wharf",
    "Jubilee House",
    "Kestrel Point",
];

/// Unit names (a unit is named, not numbered, so it feels like a small team).
pub static UNIT_NAMES: &[&str] = &[
    "Amber",
    "Birch",
    "Cedar",
    "Damson",
    "Elder",
    "Fern",
    "Hazel",
    "Ivy",
    "Juniper",
    "Kestrel",
    "Linden",
    "Maple",
    "Nightingale",
    "Oak",
    "Poppy",
    "Rowan",
    "Sycamore",
    "Teal",
    "Violet",
    "Willow",
    "Yarrow",
    "Aspen",
    "Bracken",
    "Clover",
    "Heather",
    "Lark",
    "Marigold",
    "Osprey",
    "Plover",
    "Robin",
    "Sorrel",
    "Thistle",
    "Wren",
    "Alder",
    "Beech",
    "Cherry",
    "Foxglove",
    "Holly",
    "Larch",
    "Magpie",
    "Puffin",
    "Swift",
    "Tansy",
    "Curlew",
    "Bluebell",
    "Hawthorn",
    "Kingfisher",
    "Lavender",
    "Merlin",
    "Nettle",
];

pub static PRIMARY_SCHOOLS: &[&str] = &[
    "Hearthford Primary School",
    "St Aidan's C of E Primary School",
    "Brackenby Community Primary School",
    "Our Lady of Lourdes Catholic Primary School",
    "Eastmere Junior School",
    "Fellside Infant and Nursery School",
    "Willowbank Primary Academy",
    "Moorside Primary School",
];
pub static SECONDARY_SCHOOLS: &[&str] = &[
    "Hearthford Academy",
    "Brackenby High School",
    "Eastmere School",
    "Fellside Community College",
    "St Hilda's Catholic High School",
    "Riverside Pupil Referral Unit",
];
pub static NURSERIES: &[&str] = &[
    "Little Acorns Nursery",
    "Rainbow Day Nursery",
    "Busy Bees Pre-school",
    "Hearthford Children's Centre nursery",
];
pub static COLLEGES: &[&str] = &[
    "Brackenby College",
    "Hearthford College",
    "Eastmere Sixth Form College",
];

/// Well-known people whose names the pools could put together by chance.
/// A synthetic person is never given one of these names.
const FAMOUS: &[(&str, &str)] = &[
    ("Adam", "Smith"),
    ("Chris", "Martin"),
    ("Colin", "Baker"),
    ("Danny", "Baker"),
    ("David", "Mitchell"),
    ("Dean", "Martin"),
    ("Emma", "Thompson"),
    ("Emma", "Watson"),
    ("Ian", "Wright"),
    ("Jack", "Johnson"),
    ("Jodie", "Foster"),
    ("John", "Lewis"),
    ("Keith", "Allen"),
    ("Lily", "Allen"),
    ("Mark", "Wright"),
    ("Michael", "Jackson"),
    ("Paul", "Young"),
    ("Ricky", "Martin"),
    ("Robert", "Palmer"),
    ("Sam", "Smith"),
    ("Steve", "Martin"),
    ("Tom", "Baker"),
    ("Tom", "Jones"),
    ("Will", "Young"),
];

/// Whether a name belongs to someone well known.
pub fn is_famous(given: &str, family: &str) -> bool {
    FAMOUS.iter().any(|&(g, f)| g == given && f == family)
}
