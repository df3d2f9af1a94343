"""Concept questions for notebook 22 (evaluation metrics).

Each wrong option is a belief learners really hold (the course's list of misconceptions:
"accuracy is the right metric for any classifier", "precision and recall can both be raised by
moving the threshold"); its explanation says why it is tempting and where it breaks. Placed in
the notebook where the idea is taught: ``ask("22.q1")``. The right options sit at different
positions and are not always the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "22.q1",
    "A screening test is used where 1 person in 100 has the disease. A model reports 98% "
    "accuracy on a representative test set. What does that tell you about how well it finds "
    "the disease?",
    options=[
        ("It finds about 98% of the people who have the disease.", False,
         "Tempting, because 98% sounds like a success rate. But accuracy counts right answers of "
         "both kinds, and here 99 of every 100 answers are about healthy people: a model that "
         "finds no one at all is right 99% of the time. The share of the sick that it finds is "
         "recall, which accuracy does not show."),
        ("Little: answering 'healthy' to everyone scores 99%, more, and finds no one.", True,
         "Right. With a prevalence of 1%, the always-negative rule has accuracy 0.99. The 98% "
         "model may find many of the sick or none; only the confusion matrix (or recall and "
         "precision) says which. The imbalance explorer shows the same on the tumours."),
        ("It is a good model: an accuracy above 95% is good for a screening test, whatever the "
         "share of sick people.", False,
         "No fixed level of accuracy is good in itself: the bar is the accuracy of the trivial "
         "rule, 1 minus the prevalence, here 0.99. Above it or not, accuracy still does not say "
         "which errors the model makes."),
        ("Nothing at all, because accuracy is only defined for balanced data.", False,
         "Accuracy is defined for any data: the share of right answers. It is the number that "
         "misleads, not an undefined one; compared with 1 minus the prevalence it still says "
         "something (here: worse than answering 'healthy' to all)."),
    ])

question(
    "22.q2",
    "In the threshold explorer, you move the threshold from 0.5 up to 0.9. What happens to "
    "precision and recall?",
    options=[
        ("Both rise: a stricter threshold makes the classifier better in every way.", False,
         "Tempting, since a stricter test 'makes fewer mistakes' of one kind. But raising the "
         "threshold flags fewer tumours: the malignant ones whose scores lie between 0.5 and 0.9 "
         "are now missed, so recall falls (here from 0.955 to 0.809)."),
        ("Both fall, since any change from 0.5 moves away from the best threshold.", False,
         "0.5 is not special for the metrics: it is the point where the model's probability "
         "says 'more likely malignant than not'. Recall does fall (0.955 to 0.809), but "
         "precision cannot: at 0.5 it is already 1.000, no benign tumour is flagged, and a "
         "higher threshold flags no new tumour, so every tumour still flagged is malignant."),
        ("Recall can only fall or stay; precision usually rises (here it stays at 1). One is "
         "traded for the other.", True,
         "Right. A higher threshold flags a subset of what it flagged before: no new positive "
         "is caught, so recall never rises; fewer benign tumours are flagged, so precision "
         "usually rises. Precision is not monotone in general (dropping a true positive can "
         "lower it), but recall always is."),
        ("Neither changes: the threshold does not change the model.", False,
         "The model's scores do not change, true; its decisions do. Precision and recall are "
         "properties of the decisions, and the ROC point moves along the curve as you drag."),
    ])

question(
    "22.q3",
    "Two classifiers are scored on the same test set. A has ROC area 0.95, B has ROC area 0.80. "
    "Which statement holds?",
    options=[
        ("A has the higher accuracy at every threshold.", False,
         "The area summarises the whole curve; at a given threshold A's and B's points can be "
         "in either order, and the curves can even cross. Accuracy also depends on the "
         "prevalence, which the ROC curve does not see."),
        ("Under A, a random malignant tumour outscores a random benign one with probability "
         "0.95 (ties half).", True,
         "Right: that is the area's meaning, the Mann-Whitney probability. It is about ranking, "
         "not about any one threshold; and it does not change when the scores are passed "
         "through an increasing function (probabilities or logits give the same area)."),
        ("A is right on 95% of the tumours.", False,
         "That would be accuracy at some threshold. The area is a share of (positive, negative) "
         "pairs ranked in the right order, not a share of tumours classified right."),
        ("The two areas can only be compared if both models were trained and evaluated with "
         "the same threshold on their scores.", False,
         "Training a logistic regression uses no threshold at all, and the ROC curve takes "
         "every threshold at once: that is what makes the area comparable across models."),
    ])
