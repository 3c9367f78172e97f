import { Component } from "@flamework/components";
import { OnStart } from "@flamework/core";
import { LessonQuestion } from "shared/classroom/content";
import { ActivityUpdate } from "shared/classroom/payloads";
import { LiveSession } from "server/classroom/SessionService";
import { ActivityService } from "./ActivityService";
import { ActivityStation, StationAttributes } from "./ActivityStation";

interface DeckAttributes extends StationAttributes {
	/** Comma-separated indexes into the lesson's quiz.questions, e.g. "3,4,5". */
	QuestionIndexes: string;
}

/**
 * A flashcard deck (`FlashcardDeck`, `QuestionIndexes`): each player draws the card on top of
 * their own copy of the deck; a right answer takes the card out, a missed one goes to the
 * bottom and comes back until every card is right (only the first answer to a card scores).
 */
@Component({ tag: "FlashcardDeck", defaults: { QuestionIndexes: "" } })
export class FlashcardDeck extends ActivityStation<DeckAttributes> implements OnStart {
	public readonly kind = "flashcard_deck" as const;
	private readonly decks = new Map<number, LessonQuestion[]>();

	public constructor(activities: ActivityService) {
		super(activities);
	}

	public questionFor(player: Player, session: LiveSession): LessonQuestion | string {
		const deck = this.deckOf(player.UserId, session);
		if (this.cards(session).size() === 0) return "This deck is not part of the lesson.";
		return deck[0] ?? "You know every card in this deck!";
	}

	public settled(player: Player, session: LiveSession, question: LessonQuestion, correct: boolean): ActivityUpdate {
		const deck = this.deckOf(player.UserId, session);
		const total = this.cards(session).size();
		const at = deck.indexOf(question);
		if (at >= 0) {
			deck.remove(at);
			if (!correct) deck.push(question);
		}
		if (deck.size() === 0) {
			this.bump("Finished");
			return this.update("finished", "You know every card in this deck!", total, total);
		}
		return this.update("done", correct ? "Right! Next card." : "Not quite: this card comes back later.", total - deck.size(), total);
	}

	public finishedBy(userId: number, session: LiveSession): boolean {
		return this.cards(session).size() === 0 || this.deckOf(userId, session).size() === 0;
	}

	protected reset(): void {
		this.decks.clear();
	}

	private deckOf(userId: number, session: LiveSession): LessonQuestion[] {
		this.sync(session);
		let deck = this.decks.get(userId);
		if (!deck) {
			deck = this.cards(session);
			this.decks.set(userId, deck);
		}
		return deck;
	}

	private cards(session: LiveSession): LessonQuestion[] {
		const out: LessonQuestion[] = [];
		const indexes = this.instance.GetAttribute("QuestionIndexes");
		for (const text of (typeIs(indexes, "string") ? indexes : "").split(",")) {
			const question = this.activities.questionAt(session, tonumber(text));
			if (question && !out.includes(question)) out.push(question);
		}
		return out;
	}
}
