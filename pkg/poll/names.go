package poll

import "hash/fnv"

// Made-up names for participants without a nickname: an adjective and an
// animal, written alike (or nearly) in Swedish, Norwegian and Danish, none
// awkward in English, all adjectives in the form that fits every animal.
var (
	nameAdjectives = [...]string{
		"Glad", "Modig", "Stolt", "Varm", "Fri", "Fin", "Ivrig", "Klar",
		"Flink", "Frisk", "Mild", "Munter", "Blid", "Dristig", "Tapper", "Trofast",
		"Smart", "Rask", "Sval", "Vis", "Klok", "Nobel", "Vital", "Aktiv",
		"Kreativ", "Elegant", "Robust", "Stor", "Listig", "Flittig", "Positiv", "Solid",
	}
	nameAnimals = [...]string{
		"Älg", "Ulv", "Hare", "Falk", "Lom", "Hjort", "Mink", "Stork",
		"Fasan", "Torsk", "Delfin", "Kanin", "Mus", "Bison", "Pingvin", "Panda",
		"Tiger", "Koala", "Lama", "Zebra", "Puma", "Panter", "Gepard", "Kondor",
		"Flamingo", "Pelikan", "Gorilla", "Kamel", "Jaguar", "Leopard", "Hamster", "Tapir",
	}
)

// FriendlyName returns the made-up name of a participant without a
// nickname, such as "Glad Älg": always the same for the same participant id.
func FriendlyName(participantID string) string {
	h := fnv.New32a()
	h.Write([]byte(participantID))
	n := h.Sum32()
	adj := nameAdjectives[n%uint32(len(nameAdjectives))]
	n /= uint32(len(nameAdjectives))
	return adj + " " + nameAnimals[n%uint32(len(nameAnimals))]
}
