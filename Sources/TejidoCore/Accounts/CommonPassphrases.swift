/// The passwords that top every leaked-password list, in English and Spanish, plus the short
/// words people pad with digits and symbols to reach a length rule. Checked after lower-casing
/// and removing accents; words are checked after stripping leading and trailing digits and symbols.
enum CommonPassphrases {
    static let list: Set<String> = [
        "1234567890", "0123456789", "12345678910", "123456789a", "1q2w3e4r5t", "1q2w3e4r5t6y",
        "1qaz2wsx3edc", "zaq12wsxcde3", "qwertyuiop", "asdfghjkl;", "zxcvbnm123", "qwerty1234",
        "qwerty12345", "qwerty123456", "password1234", "password123", "password12", "passw0rd123",
        "p@ssw0rd123", "p@ssword123", "iloveyou123", "iloveyou12", "iloveyou1234", "football123",
        "baseball123", "welcome123", "welcome1234", "letmein123", "trustno1234", "sunshine123",
        "princess123", "dragon12345", "monkey12345", "starwars123", "superman123", "batman12345",
        "michael123", "jennifer123", "charlie123", "master12345", "shadow12345", "whatever123",
        "freedom123", "computer123", "internet123", "changeme123", "administrator", "adminadmin",
        "admin12345", "administrador", "contrasena", "contrasena1", "contrasena123", "contraseña123",
        "micontrasena", "teamo12345", "teamo123456", "tequiero123", "mariposa123", "corazon123",
        "estrellita1", "princesa123", "barcelona123", "realmadrid", "realmadrid123", "futbol12345",
        "america1234", "mexico12345", "argentina123", "colombia123", "españa1234", "espana1234",
        "abcdefghij", "abcd123456", "abc1234567", "a123456789", "aa12345678", "password!!",
        "passwordpassword", "thisismypassword", "mypassword123", "secretpassword", "letmeinplease",
        "correcthorsebatterystaple", "trustno1trustno1", "iloveyouiloveyou", "loveyou123",
        "tejido12345", "tejidotejido",
    ]

    static let words: Set<String> = [
        "password", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl",
        "zxcvbnm", "iloveyou", "letmein", "welcome", "football", "baseball", "dragon", "monkey",
        "master", "shadow", "sunshine", "princess", "superman", "batman", "starwars", "trustno",
        "whatever", "freedom", "computer", "internet", "changeme", "secret", "admin", "login",
        "abc", "abcd", "qwer", "contrasena", "contraseña", "clave", "teamo", "tequiero", "amor",
        "mariposa", "corazon", "princesa", "futbol", "hola", "holamundo", "tejido", "hello",
        "helloworld", "love", "guest", "test", "testing", "root", "user", "usuario",
    ]
}
