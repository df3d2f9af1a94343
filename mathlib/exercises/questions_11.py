"""Concept questions for notebook 11 (Bayes' theorem).

Each wrong option is a belief learners really hold (see the course's list of misconceptions:
base-rate neglect, P(A|B) = P(B|A), "the prior does not matter once there is data"); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("11.q1")``. The right options sit at different positions and are not the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "11.q1",
    "A test is 99% accurate: sensitivity P(+ | ill) = 0.99 and specificity P(- | healthy) = "
    "0.99. One person in 100 has the disease. A person picked at random tests positive. How "
    "likely is it that they are ill?",
    options=[
        ("99%: the test is 99% accurate.", False,
         "Tempting, and the most common answer, even among doctors. But 99% is P(+ | ill), the "
         "chance of a positive test for someone ill; the question asks the reverse, P(ill | +). "
         "Out of 10,000 people, 100 are ill and 99 of them test positive, but 1% of the 9,900 "
         "healthy also test positive: 99 more. Ignoring how rare the disease is (the base rate) "
         "is called base-rate neglect."),
        ("1%: the test changes nothing, the prevalence decides.", False,
         "The prevalence is the prior, before the test. A positive result is real evidence: "
         "it moves the probability from 1% up to 50%, a fifty-fold increase. Prior and "
         "evidence both count."),
        ("98%: 99% minus the 1% of false positives.", False,
         "Subtracting error rates does not combine probabilities. The 1% false-positive rate "
         "applies to the 9,900 healthy people, a much larger group than the 100 ill ones, so "
         "the false positives are as many as the true positives."),
        ("About 50%.", True,
         "Right: of 10,000 people, 99 ill people and 99 healthy people test positive, so "
         "P(ill | +) = 99 / (99 + 99) = 0.5. With Bayes: 0.99 x 0.01 / (0.99 x 0.01 + 0.01 x "
         "0.99) = 0.5. The rarer the disease, the lower it gets: at 1 in 1000 it is about 9%."),
    ])

question(
    "11.q2",
    "In a group of people, P(plays basketball | taller than 2 m) is high. Is P(taller than "
    "2 m | plays basketball) just as high?",
    options=[
        ("Not in general: P(A | B) = P(B | A) P(A) / P(B), so the base rates decide.", True,
         "Right: very tall people are rare, so even if many of them play basketball, most "
         "players are shorter than 2 m. The ratio P(A) / P(B) of the base rates converts one "
         "conditional probability into the other; for P(A), P(B) > 0 the two are equal only "
         "when P(A) = P(B), or when the events never happen together (P(A and B) = 0, and then "
         "both are 0)."),
        ("Yes: conditional probabilities are symmetric, P(A | B) = P(B | A), since both speak "
         "of the same two events.", False,
         "Tempting, because both speak of the same two events. But Bayes' theorem says "
         "P(A | B) = P(B | A) P(A) / P(B): for P(A), P(B) > 0 the two are equal only when "
         "P(A) = P(B), or when P(A and B) = 0 (then both are 0). Swapping them is called the "
         "prosecutor's fallacy."),
        ("No, they are never equal, whatever the two events are.", False,
         "They can be equal: whenever P(A) = P(B), Bayes' theorem gives P(A | B) = P(B | A), "
         "and when A and B never happen together both are 0. "
         "The point is that in general they are not, and the base rates decide by how much."),
        ("It cannot be said without knowing whether being tall and playing basketball are "
         "independent events.", False,
         "Independence is not needed: Bayes' theorem holds for any two events with P(B) > 0. "
         "Knowing P(B | A), P(A) and P(B) is enough."),
    ])

question(
    "11.q3",
    "Two people estimate a coin's bias. Ann's prior is Beta(1, 1) (flat); Bob's is Beta(20, 2) "
    "(sure that the coin favours heads). What happens to their posteriors as more and more "
    "flips come in?",
    options=[
        ("Nothing closes the gap: each prior decides its owner's answer, whatever data come "
         "in.", False,
         "The posterior Beta(a + h, b + t) has mean (a + h) / (a + b + n). The prior counts as "
         "a + b pretend flips; after n real flips its share is (a + b) / (a + b + n), which "
         "shrinks towards 0 as n grows."),
        ("The prior does not matter at all, even after a handful of flips: the data decide "
         "from the start.", False,
         "With few flips the prior dominates: after 4 flips, 2 heads, Ann's posterior mean is "
         "3/6 = 0.5 and Bob's 22/26 = 0.85. The prior matters most when data is scarce."),
        ("They become nearly the same: the data's weight n / (a + b + n) grows towards 1.", True,
         "Right, with one condition: both priors give the true bias a density above 0. A prior "
         "that rules a value out (density 0 there) keeps it ruled out whatever the data, since "
         "the posterior is the prior times the likelihood. With few flips, the prior matters a "
         "lot."),
        ("Bob's posterior becomes narrow faster, so Bob's estimate is the more trustworthy one "
         "from the start.", False,
         "A confident prior gives a narrow posterior early, but narrow is not right: if the "
         "coin is fair, Bob's posterior sits in the wrong place until the data pulls it back."),
    ])

question(
    "11.q4",
    "Gaussian Naive Bayes multiplies one density per feature: p(x | class) = p(x_1 | class) x "
    "... x p(x_4 | class). In Iris, petal length and petal width are strongly correlated even "
    "within one species. What does that mean for the classifier?",
    options=[
        ("The classifier is invalid: with its main assumption false, most of its predictions "
         "on Iris will be wrong.", False,
         "The assumption is false, but the classifier only needs the right class to get the "
         "largest score. On Iris it is right for most test flowers. What suffers most is the "
         "probabilities it reports."),
        ("Naive Bayes assumes the features are independent of the class, so correlated "
         "features cannot be used by it at all.", False,
         "That would make the features useless for classifying. The assumption is conditional "
         "independence: within one class, knowing one feature tells nothing more about another. "
         "The features still depend on the class; that is what the classifier uses."),
        ("Nothing: multiplying the densities of the features is always exact.", False,
         "p(x_1, x_2 | class) = p(x_1 | class) p(x_2 | class) holds only when x_1 and x_2 are "
         "independent given the class. Otherwise the product is an approximation."),
        ("Shared evidence is counted twice: the posteriors are over-confident, though the "
         "predicted class is often right.", True,
         "Right: \"naive\" means the features are assumed independent GIVEN the class. Two "
         "strongly correlated features say nearly the same thing, and the product treats it "
         "as two independent pieces of evidence. The arg max is often still right; the "
         "probabilities are too close to 0 and 1."),
    ])
