"""Concept questions for notebook 10 (probability distributions).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("10.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "10.q1",
    "The Gaussian with mean 0 and standard deviation sigma = 0.25 has density "
    "f(0) = 1 / (0.25 sqrt(2 pi)) = 1.60 at its peak. What does that mean?",
    options=[
        ("Something is wrong: a probability cannot be larger than 1.", False,
         "Tempting, because densities and probabilities are drawn on similar axes. But f(x) is "
         "probability *per unit of x*, not a probability. Probabilities are areas under f, and "
         "the total area is 1; a narrow curve must be tall to enclose area 1."),
        ("Nothing is wrong: a density can exceed 1. The probability of an interval is the area "
         "under f over it, and the whole area is 1.", True,
         "For example P(-0.1 <= X <= 0.1) is about 1.60 x 0.2 = 0.31 (0.311 exactly): a tall "
         "density over a short interval gives a probability below 1. Any density with "
         "sigma < 1 / sqrt(2 pi) = 0.399 peaks above 1."),
        ("The value 0 has probability 1.60, so it occurs more than always.", False,
         "For a continuous variable every single value has probability 0: P(X = 0) is the area "
         "of a strip of width 0. The density tells how concentrated the probability is near 0."),
        ("The density should be divided by its peak so that it stays below 1.", False,
         "Then the area under it would no longer be 1, and areas would no longer be "
         "probabilities. (Dividing by the peak gives the bell shape, not a density.)"),
    ])

question(
    "10.q2",
    "X is the height of a random adult in cm, with density f. What is P(X = 170), the "
    "probability that X is exactly 170 cm (170.000... to every decimal)?",
    options=[
        ("f(170), the height of the density curve at 170.", False,
         "That is the rule for a *discrete* variable, whose PMF gives P(X = x) directly. For a "
         "continuous X the density is probability per cm: f(170) times a small width h is "
         "about P(170 <= X <= 170 + h)."),
        ("0: for a continuous variable a single value has probability 0; only intervals have "
         "positive probability, the area under f over them.", True,
         "P(170 - h <= X <= 170 + h) is about 2 h f(170), which goes to 0 as h shrinks. That "
         "is why the continuous case needs densities and areas instead of probabilities of "
         "single values."),
        ("1 / (number of possible heights).", False,
         "There are infinitely many possible heights between any two, and they are not equally "
         "likely: the density is higher near the mean."),
        ("It cannot be computed without knowing the mean and the standard deviation.", False,
         "For a continuous variable the answer is 0 whatever the mean and standard deviation "
         "are; they matter for the probabilities of intervals."),
    ])

question(
    "10.q3",
    "A variational autoencoder samples z = mu + sigma * eps with eps from N(0, 1), instead of "
    "drawing z from N(mu, sigma^2) directly. What does this change?",
    options=[
        ("The distribution of z: it is now a standard normal.", False,
         "Tempting, because eps is standard normal. But shifting by mu and stretching by sigma "
         "makes z exactly N(mu, sigma^2): mean mu, standard deviation sigma. Only the way the "
         "sample is produced changes."),
        ("Nothing about the distribution of z; but z is now a simple function of mu and sigma "
         "(with the randomness kept in eps), so the derivatives dz/dmu = 1 and dz/dsigma = eps "
         "exist and gradients flow back to mu and sigma.", True,
         "\"Draw from N(mu, sigma^2)\" is a black box: there is no derivative of a random draw "
         "with respect to mu. Written as mu + sigma * eps, the chain rule (Part II) reaches mu "
         "and sigma, so they can be trained by gradient descent."),
        ("It makes the samples less random, because eps is fixed.", False,
         "eps is a fresh random draw every time; only in this notebook's explorers is it fixed, "
         "to make the picture move smoothly. z is as random as before."),
        ("It is only faster; the gradients are the same either way.", False,
         "Speed is not the point: without the reparameterisation there is no path for the "
         "gradient from z back to mu and sigma at all."),
    ])

question(
    "10.q4",
    "A fair coin has come up heads 8 times in a row. The law of large numbers says the "
    "fraction of heads approaches 1/2. What is the probability that the next toss is tails?",
    options=[
        ("More than 1/2: tails is due, to bring the fraction back to 1/2.", False,
         "This is the gambler's fallacy. The coin has no memory: the tosses are independent, so "
         "every toss is tails with probability 1/2, whatever came before. The fraction returns "
         "to 1/2 not because tails catch up, but because the 8 extra heads are swamped by "
         "thousands of later tosses (8 out of 10,000 is 0.0008)."),
        ("1/2: the tosses are independent, so the past does not change the next toss.", True,
         "The law of large numbers is about the *average* of many independent draws with a "
         "finite mean: it gets close to the expectation. It says nothing that would push any "
         "single draw."),
        ("Less than 1/2: the coin is on a streak.", False,
         "For a fair coin a streak means nothing about the next toss. (If you doubt that the coin "
         "is fair, that is a question for notebook 11, Bayes' theorem; 8 heads in a row happen "
         "to a fair coin once in 256 tries.)"),
        ("It cannot be known: the law of large numbers only holds in the long run.", False,
         "The next toss is known exactly: probability 1/2 for a fair coin. What holds only in "
         "the long run is that the *fraction* of heads comes close to 1/2."),
    ])

question(
    "10.q5",
    "You draw 10 samples from N(5, 2^2) and their mean is 5.8. What does that tell you?",
    options=[
        ("The expectation is 5.8 after all, not 5.", False,
         "The expectation is a property of the distribution, here 5 by construction. The "
         "sample mean is a random number that fluctuates around it: for 10 draws its standard "
         "deviation is 2 / sqrt(10) = 0.63, so 5.8 is an ordinary outcome."),
        ("Nothing is wrong: a sample mean of a few draws fluctuates around the expectation; it "
         "gets close only for many draws (its spread shrinks like sigma / sqrt(n)).", True,
         "With 10,000 draws the spread is 2 / 100 = 0.02: the law of large numbers at work. "
         "Drag the sample-size slider in the Gaussian explorer and watch the sample mean settle."),
        ("The sampler is broken: 10 draws are plenty.", False,
         "Ten draws give a sample mean with a standard deviation of 0.63 here; 0.8 away from 5 "
         "is about 1.3 of those, which happens about one time in five."),
    ])
