from django.urls import path

from quizzes import apis

urlpatterns = [
    path("quizzes/", apis.QuizListApi.as_view(), name="quiz-list"),
    path("quizzes/<int:quiz_id>/", apis.QuizDetailApi.as_view(), name="quiz-detail"),
    path("quizzes/<int:quiz_id>/attempts/", apis.QuizAttemptStartApi.as_view(), name="quiz-attempt-start"),
    path("quizzes/<int:quiz_id>/leaderboard/", apis.QuizLeaderboardApi.as_view(), name="quiz-leaderboard"),
    path("attempts/<int:attempt_id>/", apis.AttemptDetailApi.as_view(), name="quiz-attempt-detail"),
    path("attempts/<int:attempt_id>/answers/", apis.AttemptAnswerApi.as_view(), name="quiz-attempt-answer"),
    path("attempts/<int:attempt_id>/complete/", apis.AttemptCompleteApi.as_view(), name="quiz-attempt-complete"),
    path("me/attempts/", apis.MyAttemptListApi.as_view(), name="my-quiz-attempts"),
]
